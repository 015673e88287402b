package io.authstream.analyzer.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A local HTTP receiver standing in for Slack, PagerDuty and webhooks: records requests with the
 * status it answered, answers scripted statuses, can be down (503), unreachable (stopped: connection
 * refused) and can hold one chosen request unanswered until released.
 */
final class Receiver implements AutoCloseable {
    /** One request and the status it was answered with (0: never answered). */
    record Request(String path, String body, Map<String, List<String>> headers, int status) {
    }

    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final List<Request> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, ConcurrentLinkedQueue<Integer>> scripted = new ConcurrentHashMap<>();
    private final int port;
    private volatile HttpServer server;
    private volatile boolean down;
    private volatile Predicate<String> holdWhen;
    private volatile CountDownLatch held;
    private final CountDownLatch release = new CountDownLatch(1);

    Receiver() {
        this(0);
    }

    Receiver(int port) {
        this.server = bind(port);
        this.port = server.getAddress().getPort();
    }

    private HttpServer bind(int p) {
        HttpServer s;
        try {
            s = HttpServer.create(new InetSocketAddress("127.0.0.1", p), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        s.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        s.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = ex.getRequestURI().getPath();
            Predicate<String> h = holdWhen;
            if (h != null && h.test(body)) {
                holdWhen = null;
                held.countDown();
                try {
                    release.await(); // never answered: the client is killed meanwhile
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                record(new Request(path, body, Map.copyOf(ex.getRequestHeaders()), 0));
                ex.close();
                return;
            }
            Integer status = down ? Integer.valueOf(503) : scripted.getOrDefault(path, new ConcurrentLinkedQueue<>()).poll();
            int st = status == null ? (path.startsWith("/pd") ? 202 : 200) : status;
            record(new Request(path, body, Map.copyOf(ex.getRequestHeaders()), st));
            byte[] out = (st < 300 ? "ok" : "boom").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(st, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        s.start();
        return s;
    }

    private void record(Request r) {
        seen.add(r);
        requests.add(r);
    }

    /** Every request so far, in arrival order (not consumed by {@link #next}). */
    List<Request> seen() {
        return List.copyOf(seen);
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** The next answers for {@code path}, in order; after them 200 (202 for /pd). */
    void answer(String path, Integer... statuses) {
        scripted.computeIfAbsent(path, k -> new ConcurrentLinkedQueue<>()).addAll(List.of(statuses));
    }

    /** While down, every request is answered 503. */
    void down(boolean d) {
        this.down = d;
    }

    /** Stops listening (connection refused) until {@link #restart}. */
    void stop() {
        server.stop(0);
    }

    void restart() {
        server = bind(port);
    }

    /** Holds the first request whose body matches unanswered; the latch opens when it arrived. */
    CountDownLatch hold(Predicate<String> when) {
        held = new CountDownLatch(1);
        holdWhen = when;
        return held;
    }

    /** Lets a held request go (it is recorded with status 0, never answered). */
    void release() {
        release.countDown();
    }

    /** The next request, waiting at most {@code max}; fails when none arrives. */
    Request next(Duration max) {
        try {
            Request r = requests.poll(max.toMillis(), TimeUnit.MILLISECONDS);
            if (r == null) {
                throw new AssertionError("no request within " + max);
            }
            return r;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    int pending() {
        return requests.size();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
