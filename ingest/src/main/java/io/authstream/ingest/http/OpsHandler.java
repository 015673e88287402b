package io.authstream.ingest.http;

import io.authstream.ops.HealthSnapshot;
import io.authstream.ops.OpsReply;
import java.nio.ByteBuffer;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The operations port on ingest's Jetty server, answering exactly as every other component's
 * {@code io.authstream.ops.OpsServer} does ({@link OpsReply}): {@code /health/live},
 * {@code /health/ready} (checks {@code kafka} and {@code webhook}), {@code /health/startup} and
 * {@code /metrics}. Readiness never looks at client errors: a scanner cannot make ingest unhealthy.
 */
public final class OpsHandler extends Handler.Abstract {
    private final Supplier<HealthSnapshot> health;
    private final Supplier<String> metrics;

    public OpsHandler(Supplier<HealthSnapshot> health, Supplier<String> metrics) {
        this.health = health;
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        OpsReply r = OpsReply.answer(request.getMethod(), path == null ? "" : path, health, metrics);
        response.setStatus(r.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, r.contentType());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, OpsReply.CACHE_CONTROL);
        if (r.allow() != null) {
            response.getHeaders().put(HttpHeader.ALLOW, r.allow());
        }
        boolean head = "HEAD".equals(request.getMethod());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, r.body().length);
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(r.body()), callback);
        return true;
    }
}
