package io.authstream.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations endpoint of a component: {@code /health/live}, {@code /health/ready},
 * {@code /health/startup} (200 or 503, {@link HealthJson}) and {@code /metrics} (Prometheus
 * text), GET and HEAD only. Two threads and a short queue: a scraper or a probe storm cannot take
 * more from the component than that (beyond it, requests wait on the accepting thread).
 */
public final class OpsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);
    private final HttpServer server;
    private final ExecutorService executor;

    private OpsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds {@code address} (port 0 picks a free one; the port bound is logged) and serves.
     *
     * @param metrics Prometheus exposition text, e.g. {@code registry::scrape}
     */
    public static OpsServer start(OpsAddress address, Supplier<HealthSnapshot> health, Supplier<String> metrics) {
        HttpServer s;
        try {
            s = HttpServer.create(new InetSocketAddress(address.host(), address.port()), 32);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the operations port " + address.host() + ":" + address.port()
                    + " (" + e.getMessage() + ")", e);
        }
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(16), r -> {
            Thread t = new Thread(r, "authstream-ops-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
        executor.allowCoreThreadTimeOut(true);
        s.setExecutor(executor);
        s.createContext("/", ex -> handle(ex, health, metrics));
        s.start();
        OpsServer ops = new OpsServer(s, executor);
        LOG.info("Operations endpoint on http://{}:{} (/health/live, /health/ready, /health/startup, /metrics)",
                address.host(), ops.port());
        return ops;
    }

    private static void handle(HttpExchange ex, Supplier<HealthSnapshot> health, Supplier<String> metrics) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            OpsReply r = OpsReply.answer(method, ex.getRequestURI().getPath(), health, metrics);
            ex.getResponseHeaders().set("Content-Type", r.contentType());
            ex.getResponseHeaders().set("Cache-Control", OpsReply.CACHE_CONTROL);
            if (r.allow() != null) {
                ex.getResponseHeaders().set("Allow", r.allow());
            }
            if ("HEAD".equals(method)) {
                ex.getResponseHeaders().set("Content-Length", Integer.toString(r.body().length));
                ex.sendResponseHeaders(r.status(), -1);
                return;
            }
            ex.sendResponseHeaders(r.status(), r.body().length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(r.body());
            }
        } catch (RuntimeException e) {
            LOG.warn("The operations endpoint failed to answer {} {}: {}", ex.getRequestMethod(), ex.getRequestURI().getPath(),
                    e.getClass().getSimpleName());
            throw e;
        }
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
