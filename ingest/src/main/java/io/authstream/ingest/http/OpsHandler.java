package io.authstream.ingest.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The operations port: {@code /health/live} (the process serves), {@code /health/ready} (Kafka is
 * writable and the receiver is not stopping; 503 with the reason otherwise) and {@code /metrics}
 * (Prometheus text). Readiness never looks at client errors: a scanner cannot make ingest unhealthy.
 */
public final class OpsHandler extends Handler.Abstract {
    private final PrometheusMeterRegistry registry;
    private final Supplier<String> notReadyReason;

    /**
     * @param notReadyReason null when ready, else why not
     */
    public OpsHandler(PrometheusMeterRegistry registry, Supplier<String> notReadyReason) {
        this.registry = registry;
        this.notReadyReason = notReadyReason;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        switch (path == null ? "" : path) {
            case "/health/live" -> write(response, callback, 200, Responses.JSON, "{\"status\":\"up\"}");
            case "/health/ready" -> {
                String why = notReadyReason.get();
                if (why == null) {
                    write(response, callback, 200, Responses.JSON, "{\"status\":\"ready\"}");
                } else {
                    write(response, callback, 503, Responses.JSON,
                            "{\"status\":\"not-ready\",\"reason\":\"" + Responses.quote(why) + "\"}");
                }
            }
            case "/metrics" -> write(response, callback, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
            default -> write(response, callback, 404, Responses.JSON,
                    new String(Responses.error("not-found", "Try /health/live, /health/ready or /metrics."), StandardCharsets.UTF_8));
        }
        return true;
    }

    private static void write(Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
