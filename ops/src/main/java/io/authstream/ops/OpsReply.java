package io.authstream.ops;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * What the operations endpoint answers to one request, independent of the HTTP server that
 * carries it (the JDK server of {@link OpsServer}, or ingest's Jetty connector). Every answer is
 * sent with {@code Cache-Control: no-store}; to HEAD with the same status and headers, no body.
 */
public record OpsReply(int status, String contentType, byte[] body, String allow) {
    public static final String JSON = "application/json";
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    public static final String CACHE_CONTROL = "no-store";
    private static final String PATHS = "Try /health/live, /health/ready, /health/startup or /metrics.";

    /** The answer to {@code method} on {@code path}. */
    public static OpsReply answer(String method, String path, Supplier<HealthSnapshot> health, Supplier<String> metrics) {
        Probe probe = null;
        for (Probe p : Probe.values()) {
            if (p.path().equals(path)) {
                probe = p;
            }
        }
        if (probe == null && !"/metrics".equals(path)) {
            return json(404, HealthJson.error("not-found", PATHS), null);
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return json(405, HealthJson.error("method-not-allowed", "Only GET and HEAD are allowed here."), "GET, HEAD");
        }
        if (probe == null) {
            return new OpsReply(200, PROMETHEUS_TEXT, metrics.get().getBytes(StandardCharsets.UTF_8), null);
        }
        HealthSnapshot s = health.get();
        return json(s.passes(probe) ? 200 : 503, HealthJson.render(s, probe), null);
    }

    private static OpsReply json(int status, String body, String allow) {
        return new OpsReply(status, JSON, body.getBytes(StandardCharsets.UTF_8), allow);
    }
}
