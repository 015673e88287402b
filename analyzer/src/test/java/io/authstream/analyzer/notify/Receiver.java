package io.authstream.analyzer.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A local HTTP receiver standing in for Slack, PagerDuty and webhooks: records requests, answers scripted statuses. */
final class Receiver implements AutoCloseable {
    record Request(String path, String body, Map<String, java.util.List<String>> headers) {
    }

    private final HttpServer server;
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final Map<String, ConcurrentLinkedQueue<Integer>> scripted = new ConcurrentHashMap<>();

    Receiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = ex.getRequestURI().getPath();
            requests.add(new Request(path, body, Map.copyOf(ex.getRequestHeaders())));
            Integer status = scripted.getOrDefault(path, new ConcurrentLinkedQueue<>()).poll();
            int s = status == null ? (path.startsWith("/pd") ? 202 : 200) : status;
            byte[] out = (s < 300 ? "ok" : "boom").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(s, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next answers for {@code path}, in order; after them 200 (202 for /pd). */
    void answer(String path, Integer... statuses) {
        scripted.computeIfAbsent(path, k -> new ConcurrentLinkedQueue<>()).addAll(java.util.List.of(statuses));
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
        server.stop(0);
    }
}
