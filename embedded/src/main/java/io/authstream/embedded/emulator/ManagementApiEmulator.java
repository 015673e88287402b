package io.authstream.embedded.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-and-demo Auth0 Management API on loopback: {@code POST /oauth/token} (client credentials)
 * and {@code GET /api/v2/logs?from=&take=} in checkpoint mode, as Auth0 documents them.
 *
 * <ul>
 *   <li>Logs are bare log objects (no {@code {"log_id","data"}} envelope), ordered by {@code log_id},
 *       the ones strictly after {@code from}; at most {@code take} (default 50, at most 100). Without
 *       {@code from} the emulator starts at the oldest log (Auth0 would answer in search mode).</li>
 *   <li>Every answer carries {@code Link: <…/api/v2/logs?from=<last>&take=N>; rel="next"}; an empty
 *       page links to the same URL, meaning "ask again later".</li>
 *   <li>A bearer token from {@code /oauth/token} is required; expired or unknown ones get 401.</li>
 *   <li>Above {@code maxLogRequestsPerSecond} (fixed one-second windows) or when
 *       {@link #throttleNext(int)} asked for it, the answer is 429 with {@code x-ratelimit-limit},
 *       {@code x-ratelimit-remaining: 0} and {@code x-ratelimit-reset} (UNIX seconds).</li>
 * </ul>
 * Log bytes are served exactly as added, so number spellings such as {@code 1.743012420759E12} survive.
 */
public final class ManagementApiEmulator implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final String clientId;
    private final String clientSecret;
    private final Duration tokenLifetime;
    private final int maxLogRequestsPerSecond;
    private final Clock clock;
    private final NavigableMap<String, byte[]> logs = new ConcurrentSkipListMap<>();
    private final Map<String, Long> tokens = new ConcurrentHashMap<>();
    private final AtomicInteger throttle = new AtomicInteger();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private final AtomicInteger logRequests = new AtomicInteger();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private long windowSecond = -1;
    private int inWindow;

    private ManagementApiEmulator(String clientId, String clientSecret, Duration tokenLifetime,
                                  int maxLogRequestsPerSecond, Clock clock) throws IOException {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.tokenLifetime = tokenLifetime;
        this.maxLogRequestsPerSecond = maxLogRequestsPerSecond;
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/oauth/token", this::token);
        server.createContext("/api/v2/logs", this::logs);
        server.start();
    }

    /**
     * Starts on a free loopback port.
     *
     * @param maxLogRequestsPerSecond 0 for no limit
     */
    public static ManagementApiEmulator start(String clientId, String clientSecret, Duration tokenLifetime,
                                              int maxLogRequestsPerSecond, Clock clock) {
        try {
            return new ManagementApiEmulator(clientId, clientSecret, tokenLifetime, maxLogRequestsPerSecond, clock);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Management API emulator", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}, the "domain" a client is configured with. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Adds bare log objects (each must hold a string {@code log_id}), served byte for byte. */
    public void addLogs(List<byte[]> bareLogs) {
        for (byte[] b : bareLogs) {
            try {
                JsonNode n = JSON.readTree(b);
                logs.put(n.path("log_id").asText(), b.clone());
            } catch (IOException e) {
                throw new IllegalArgumentException("not a JSON log object", e);
            }
        }
    }

    /** Adds events in the log-stream envelope form ({@link EventFactory}'s output), served as their bare {@code data}. */
    public void addEnvelopes(List<byte[]> envelopes) {
        List<byte[]> bare = new ArrayList<>();
        for (byte[] e : envelopes) {
            try {
                bare.add(JSON.writeValueAsBytes(JSON.readTree(e).path("data")));
            } catch (IOException ex) {
                throw new IllegalArgumentException("not an event envelope", ex);
            }
        }
        addLogs(bare);
    }

    /** The next {@code n} log requests (after authentication) are answered 429. */
    public void throttleNext(int n) {
        throttle.set(n);
    }

    public int tokensIssued() {
        return tokensIssued.get();
    }

    public int logRequests() {
        return logRequests.get();
    }

    public int rateLimited() {
        return rateLimited.get();
    }

    public int size() {
        return logs.size();
    }

    private void token(HttpExchange x) throws IOException {
        try (x) {
            if (!"POST".equals(x.getRequestMethod())) {
                send(x, 405, "{\"error\":\"method_not_allowed\"}", Map.of());
                return;
            }
            JsonNode body;
            try {
                body = JSON.readTree(x.getRequestBody().readAllBytes());
            } catch (IOException e) {
                send(x, 400, "{\"error\":\"invalid_request\"}", Map.of());
                return;
            }
            if (body == null || !"client_credentials".equals(body.path("grant_type").asText())) {
                send(x, 400, "{\"error\":\"unsupported_grant_type\"}", Map.of());
                return;
            }
            if (!clientId.equals(body.path("client_id").asText()) || !clientSecret.equals(body.path("client_secret").asText())) {
                send(x, 401, "{\"error\":\"access_denied\",\"error_description\":\"Unauthorized\"}", Map.of());
                return;
            }
            String token = UUID.randomUUID().toString();
            tokens.put(token, clock.millis() + tokenLifetime.toMillis());
            tokensIssued.incrementAndGet();
            send(x, 200, "{\"access_token\":\"" + token + "\",\"scope\":\"read:logs read:logs_users\",\"expires_in\":"
                    + tokenLifetime.toSeconds() + ",\"token_type\":\"Bearer\"}", Map.of());
        }
    }

    private void logs(HttpExchange x) throws IOException {
        try (x) {
            String auth = x.getRequestHeaders().getFirst("Authorization");
            Long expires = auth != null && auth.startsWith("Bearer ") ? tokens.get(auth.substring(7)) : null;
            if (expires == null || expires <= clock.millis()) {
                send(x, 401, "{\"statusCode\":401,\"error\":\"Unauthorized\",\"message\":\"Invalid token\"}", Map.of());
                return;
            }
            logRequests.incrementAndGet();
            long reset = rateLimitReset();
            if (reset > 0) {
                rateLimited.incrementAndGet();
                send(x, 429, "{\"statusCode\":429,\"error\":\"Too Many Requests\",\"message\":\"Global limit has been reached\"}",
                        Map.of("x-ratelimit-limit", String.valueOf(Math.max(1, maxLogRequestsPerSecond)),
                                "x-ratelimit-remaining", "0", "x-ratelimit-reset", String.valueOf(reset)));
                return;
            }
            Map<String, String> q = query(x.getRequestURI());
            int take = Math.min(100, Math.max(1, parse(q.get("take"), 50)));
            String from = q.get("from");
            NavigableMap<String, byte[]> after = from == null ? logs : logs.tailMap(from, false);
            StringBuilder body = new StringBuilder("[");
            String last = from;
            int n = 0;
            for (Map.Entry<String, byte[]> e : after.entrySet()) {
                if (n == take) {
                    break;
                }
                if (n++ > 0) {
                    body.append(',');
                }
                body.append(new String(e.getValue(), StandardCharsets.UTF_8));
                last = e.getKey();
            }
            body.append(']');
            String next = baseUri() + "/api/v2/logs?" + (last == null ? "" : "from=" + last + "&") + "take=" + take;
            send(x, 200, body.toString(), Map.of("Link", "<" + next + ">; rel=\"next\""));
        }
    }

    /** 0 when the request may go on, else the UNIX second at which the bucket refills. */
    private synchronized long rateLimitReset() {
        long second = clock.millis() / 1000;
        if (throttle.getAndUpdate(v -> Math.max(0, v - 1)) > 0) {
            return second + 1;
        }
        if (maxLogRequestsPerSecond <= 0) {
            return 0;
        }
        if (second != windowSecond) {
            windowSecond = second;
            inWindow = 0;
        }
        return ++inWindow > maxLogRequestsPerSecond ? second + 1 : 0;
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static int parse(String v, int dflt) {
        try {
            return v == null ? dflt : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static void send(HttpExchange x, int status, String body, Map<String, String> headers) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((k, v) -> x.getResponseHeaders().add(k, v));
        x.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        x.sendResponseHeaders(status, b.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
