package io.authstream.archive;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * A small operations endpoint: {@code GET /health/live}, {@code GET /health/ready} (200 or 503 with
 * a JSON body saying which dependency is down) and {@code GET /metrics} (Prometheus text).
 */
public final class OpsServer implements AutoCloseable {
    private final HttpServer server;

    private OpsServer(HttpServer server) {
        this.server = server;
    }

    /**
     * @param port    0 picks a free port
     * @param metrics Prometheus exposition text, e.g. {@code PrometheusMeterRegistry::scrape}
     */
    public static OpsServer start(String host, int port, Supplier<Archiver.Health> health, Supplier<String> metrics)
            throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(host, port), 16);
        s.createContext("/health/live", ex -> {
            Archiver.Health h = health.get();
            respond(ex, h.live() ? 200 : 503, "application/json", json(h));
        });
        s.createContext("/health/ready", ex -> {
            Archiver.Health h = health.get();
            respond(ex, h.ready() ? 200 : 503, "application/json", json(h));
        });
        s.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
        s.createContext("/", ex -> respond(ex, 404, "application/json", "{\"error\":\"not found\"}"));
        s.start();
        return new OpsServer(s);
    }

    static String json(Archiver.Health h) {
        return "{\"live\":" + h.live() + ",\"ready\":" + h.ready() + ",\"elasticsearch\":\"" + (h.elasticsearch() ? "up" : "down")
                + "\",\"kafka\":\"" + (h.kafka() ? "up" : "down") + "\",\"backing_off\":" + h.backingOff() + ",\"stalled\":" + h.stalled()
                + (h.failure() == null ? "" : ",\"failure\":\"" + h.failure().replace("\\", "\\\\").replace("\"", "\\\"") + "\"") + "}";
    }

    private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
