package io.authstream.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * The operations endpoint of {@code local} for the components that have none of their own
 * (analyzer, notifier, retention): {@code /metrics}, {@code /health/live}, {@code /health/ready}.
 */
final class LocalOps implements AutoCloseable {
    private final HttpServer server;

    private LocalOps(HttpServer server) {
        this.server = server;
    }

    static LocalOps start(int port, PrometheusMeterRegistry registry, BooleanSupplier ready) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
            s.createContext("/metrics", ex -> send(ex, 200, "text/plain; version=0.0.4", registry.scrape()));
            s.createContext("/health/live", ex -> send(ex, 200, "application/json", "{\"status\":\"up\"}"));
            s.createContext("/health/ready", ex -> {
                boolean ok = ready.getAsBoolean();
                send(ex, ok ? 200 : 503, "application/json", ok ? "{\"status\":\"ready\"}" : "{\"status\":\"not ready\"}");
            });
            s.start();
            return new LocalOps(s);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the local operations port " + port, e);
        }
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
