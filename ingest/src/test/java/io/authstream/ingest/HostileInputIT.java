package io.authstream.ingest;

import static io.authstream.ingest.IngestFixture.TOKEN;
import static io.authstream.ingest.TestEvents.array;
import static io.authstream.ingest.TestEvents.event;
import static io.authstream.ingest.TestEvents.lines;
import static io.authstream.ingest.TestEvents.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.embedded.EmbeddedKafka;
import io.authstream.embedded.junit.EmbeddedStack;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of hostile requests. Each gets its documented status and error shape, and a good request
 * right after it still succeeds: nothing crashes, stalls or leaks the server.
 */
@EmbeddedStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {
    private static final int MAX_BODY = 12 << 20;
    private static final AtomicInteger GOOD = new AtomicInteger();
    private IngestServer server;

    @BeforeAll
    void start(EmbeddedKafka kafka) {
        Map<String, String> c = IngestFixture.config(kafka.bootstrapServers());
        c.put("ingest.max-body-bytes", String.valueOf(MAX_BODY));
        c.put("ingest.max-events-per-request", "1000");
        c.put("ingest.http.read-timeout", "3s");
        c.put("ingest.http.idle-timeout", "2s");
        server = IngestFixture.start(c);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** One hostile request: the head (request line and headers), how the body is written, and what must come back. */
    record Case(String name, String head, RawHttp.BodyWriter body, int status, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static String head(String method, String path, Map<String, String> headers) {
        StringBuilder b = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close");
        headers.forEach((k, v) -> b.append("\r\n").append(k).append(": ").append(v));
        return b.toString();
    }

    static Map<String, String> headers(Object... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (String) kv[i + 1]);
        }
        return m;
    }

    /** A POST to stream main with the right token. */
    static Case post(String name, byte[] body, int status, String expected) {
        return new Case(name, head("POST", "/v1/auth0/main", headers("Authorization", TOKEN, "Content-Type", "application/json",
                "Content-Length", String.valueOf(body.length))), RawHttp.bytes(body), status, expected);
    }

    static Case post(String name, String body, int status, String expected) {
        return post(name, utf8(body), status, expected);
    }

    static Case with(String name, String method, String path, Map<String, String> headers, byte[] body, int status, String expected) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.putIfAbsent("Content-Length", String.valueOf(body.length));
        return new Case(name, head(method, path, h), RawHttp.bytes(body), status, expected);
    }

    static String accepted(int a, int d, int r) {
        return "{\"accepted\":" + a + ",\"duplicates\":" + d + ",\"rejected\":" + r + "}";
    }

    static String ev(String type, String date) {
        return "{\"log_id\":\"h-" + type + "-" + date.hashCode() + "\",\"data\":{\"type\":\"" + type + "\",\"date\":\"" + date + "\"}}";
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] withInvalidUtf8(String json) {
        byte[] b = utf8(json.replace("INVALID", "\u00e9\u00e9"));
        for (int i = 0; i + 1 < b.length; i++) {
            if ((b[i] & 0xFF) == 0xC3 && (b[i + 1] & 0xFF) == 0xA9) {
                b[i + 1] = (byte) 0x28; // a lead byte followed by a non-continuation byte
                break;
            }
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static Stream<Case> corpus() {
        String good = event("corpus-good");
        Map<String, String> json = headers("Authorization", TOKEN, "Content-Type", "application/json");
        List<Case> c = new ArrayList<>();
        // Malformed and truncated JSON
        c.add(post("malformed object", "{\"log_id\": \"a\", \"data\": {", 400, "unparseable-body"));
        c.add(post("truncated array", "[" + event("ta-1") + ", {\"log_", 400, "unparseable-body"));
        c.add(post("array with trailing garbage", "[" + event("tg-1") + "] <html>", 400, "unparseable-body"));
        c.add(post("truncated last line of JSON lines", event("tl-1") + "\n" + event("tl-2") + "\n{\"log_id\":\"tl-3\",\"da", 200, accepted(2, 0, 1)));
        c.add(post("no line is JSON", "{oops\n{still oops\n", 400, "unparseable-body"));
        c.add(post("plain text", "hello, world", 400, "unparseable-body"));
        c.add(post("a bare string", "\"just a string\"", 400, "unparseable-body"));
        c.add(post("a bare null", "null", 400, "unparseable-body"));
        c.add(post("NUL bytes", new byte[] {0, 0, 0, '{', '}'}, 400, "unparseable-body"));
        // Invalid UTF-8
        c.add(post("invalid UTF-8 in a single object", withInvalidUtf8("{\"log_id\":\"u-1\",\"data\":{\"type\":\"s\",\"date\":\"2026-01-01T00:00:00Z\",\"x\":\"INVALID\"}}"), 400, "unparseable-body"));
        c.add(post("invalid UTF-8 in one line of several", concat(utf8(event("u8-ok") + "\n"),
                withInvalidUtf8("{\"log_id\":\"u-2\",\"data\":{\"type\":\"s\",\"date\":\"2026-01-01T00:00:00Z\",\"x\":\"INVALID\"}}")), 200, accepted(1, 0, 1)));
        // Nesting and sizes
        c.add(post("100,000 nested arrays", "[".repeat(100_000) + "]".repeat(100_000), 400, "unparseable-body"));
        c.add(post("an event nested 200 deep among good lines", event("deep-ok") + "\n{\"log_id\":\"deep\",\"data\":{\"type\":\"s\",\"date\":\"2026-01-01T00:00:00Z\",\"x\":"
                + "[".repeat(200) + "]".repeat(200) + "}}\n", 200, accepted(1, 0, 1)));
        c.add(post("a 10 MB string", "{\"log_id\":\"big\",\"data\":{\"type\":\"s\",\"date\":\"2026-01-01T00:00:00Z\",\"pad\":\""
                + "A".repeat(10_000_000) + "\"}}", 200, accepted(0, 0, 1)));
        c.add(post("a 10 MB string inside an array", "[" + event("big-ok") + ",{\"log_id\":\"big2\",\"data\":{\"type\":\"s\",\"date\":\"2026-01-01T00:00:00Z\",\"pad\":\""
                + "B".repeat(10_000_000) + "\"}}]", 200, accepted(1, 0, 1)));
        c.add(post("more events than allowed", lines(TestEvents.events("many", 1001)), 413, "too-many-events"));
        c.add(new Case("body larger than allowed, declared", head("POST", "/v1/auth0/main", headers("Authorization", TOKEN,
                "Content-Type", "application/json", "Content-Length", String.valueOf(MAX_BODY + 1))), out -> { }, 413, "body-too-large"));
        c.add(new Case("body larger than allowed, chunked", head("POST", "/v1/auth0/main", headers("Authorization", TOKEN,
                "Content-Type", "application/json", "Transfer-Encoding", "chunked")), HostileInputIT::endlessChunks, 413, "body-too-large"));
        // Compression
        c.add(with("gzip bomb", "POST", "/v1/auth0/main", headers("Authorization", TOKEN, "Content-Type", "application/json",
                "Content-Encoding", "gzip"), gzip(new byte[64 << 20]), 413, "body-too-large"));
        c.add(with("gzip header on a plain body", "POST", "/v1/auth0/main", headers("Authorization", TOKEN, "Content-Type", "application/json",
                "Content-Encoding", "gzip"), utf8(good), 400, "invalid-gzip"));
        c.add(with("unsupported content encoding", "POST", "/v1/auth0/main", headers("Authorization", TOKEN, "Content-Type", "application/json",
                "Content-Encoding", "br"), utf8(good), 415, "unsupported-content-encoding"));
        // Empty
        c.add(post("empty body", "", 400, "empty-body"));
        c.add(post("whitespace body", " \r\n\t\n", 400, "empty-body"));
        // Methods, paths, content types
        c.add(with("GET", "GET", "/v1/auth0/main", headers("Authorization", TOKEN), new byte[0], 405, "method-not-allowed"));
        c.add(with("PUT", "PUT", "/v1/auth0/main", json, utf8(good), 405, "method-not-allowed"));
        c.add(with("unknown path", "POST", "/v1/other/main", json, utf8(good), 404, "not-found"));
        c.add(with("encoded path traversal (refused by Jetty, in our shape)", "POST", "/v1/auth0/..%2F..%2Fetc", json, utf8(good), 400, "bad-request"));
        c.add(with("dot-dot stream id", "POST", "/v1/auth0/..", json, utf8(good), 401, "unauthorized"));
        c.add(with("HTML content type", "POST", "/v1/auth0/main", headers("Authorization", TOKEN, "Content-Type", "text/html"), utf8(good), 415, "unsupported-media-type"));
        c.add(with("form content type", "POST", "/v1/auth0/main", headers("Authorization", TOKEN, "Content-Type", "application/x-www-form-urlencoded"), utf8(good), 415, "unsupported-media-type"));
        c.add(with("no content type", "POST", "/v1/auth0/main", headers("Authorization", TOKEN), utf8(good), 415, "unsupported-media-type"));
        // Authorization
        c.add(with("missing token", "POST", "/v1/auth0/main", headers("Content-Type", "application/json"), utf8(good), 401, "unauthorized"));
        c.add(with("blank token", "POST", "/v1/auth0/main", headers("Authorization", " ", "Content-Type", "application/json"), utf8(good), 401, "unauthorized"));
        c.add(with("wrong token", "POST", "/v1/auth0/main", headers("Authorization", "x".repeat(24), "Content-Type", "application/json"), utf8(good), 401, "unauthorized"));
        c.add(with("Bearer prefix not configured", "POST", "/v1/auth0/main", headers("Authorization", "Bearer " + TOKEN, "Content-Type", "application/json"), utf8(good), 401, "unauthorized"));
        c.add(with("unknown stream with a real token", "POST", "/v1/auth0/other", json, utf8(good), 401, "unauthorized"));
        // Envelope violations (the rest of the batch is accepted)
        c.add(post("events without type", lines(List.of(event("nt-ok"), "{\"log_id\":\"nt\",\"data\":{\"date\":\"2026-01-01T00:00:00Z\"}}")), 200, accepted(1, 0, 1)));
        c.add(post("events without date", lines(List.of(event("nd-ok"), "{\"log_id\":\"nd\",\"data\":{\"type\":\"s\"}}")), 200, accepted(1, 0, 1)));
        c.add(post("bad dates", array(List.of(event("bd-ok"), ev("s", "2026-01-01T00:00:00"), ev("s", "yesterday"), ev("s", "2026-13-45T99:00:00Z"),
                "{\"log_id\":\"bd-num\",\"data\":{\"type\":\"s\",\"date\":1700000000}}")), 200, accepted(1, 0, 4)));
        c.add(post("mismatched data.log_id", "{\"log_id\":\"mm-1\",\"data\":{\"type\":\"s\",\"date\":\"2026-01-01T00:00:00Z\",\"log_id\":\"mm-2\"}}\n"
                + event("mm-ok") + "\n", 200, accepted(1, 0, 1)));
        c.add(post("non-object lines", lines(List.of(event("no-ok"), "42", "\"text\"", "null", "[1,2]", "true")), 200, accepted(1, 0, 5)));
        c.add(post("an array of arrays", "[[1],[2]]", 200, accepted(0, 0, 2)));
        c.add(post("duplicate keys", lines(List.of(event("dk-ok"),
                "{\"log_id\":\"dk\",\"log_id\":\"dk2\",\"data\":{\"type\":\"s\",\"date\":\"2026-01-01T00:00:00Z\"}}")), 200, accepted(1, 0, 1)));
        c.add(post("log_id over 512 bytes", lines(List.of(event("long-ok"), event("L".repeat(600)))), 200, accepted(1, 0, 1)));
        c.add(post("numeric log_id", lines(List.of(event("num-ok"), "{\"log_id\":12,\"data\":{\"type\":\"s\",\"date\":\"2026-01-01T00:00:00Z\"}}")), 200, accepted(1, 0, 1)));
        // Slow clients
        c.add(new Case("body dripped byte by byte past the read timeout", head("POST", "/v1/auth0/main", headers("Authorization", TOKEN,
                "Content-Type", "application/json", "Content-Length", "100000")), HostileInputIT::drip, 408, "request-timeout"));
        c.add(new Case("body that stops arriving", head("POST", "/v1/auth0/main", headers("Authorization", TOKEN,
                "Content-Type", "application/json", "Content-Length", "100000")), out -> {
                    out.write("[{\"log_id\":".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(30_000);
                }, 408, "request-timeout"));
        return c.stream();
    }

    private static void endlessChunks(OutputStream out) throws IOException {
        byte[] chunk = new byte[1 << 20];
        java.util.Arrays.fill(chunk, (byte) ' ');
        for (int i = 0; i < 64; i++) {
            out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(chunk);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** One byte every 500 ms: never idle long enough for the idle timeout, far too slow for the read timeout. */
    private static void drip(OutputStream out) throws IOException, InterruptedException {
        for (int i = 0; i < 40; i++) {
            out.write('[');
            out.flush();
            Thread.sleep(500);
        }
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void answersHostileInputAsDocumentedAndKeepsServing(Case c) throws IOException {
        RawHttp.Response r = RawHttp.exchange(server.port(), c.head(), c.body(), Duration.ofSeconds(30));
        assertThat(r.status()).as("status of %s (body %s)", c.name(), r.body()).isEqualTo(c.status());
        assertThat(r.header("content-type")).isEqualTo("application/json");
        if (c.status() == 200) {
            assertThat(r.body()).isEqualTo(c.expected());
        } else {
            assertThat(r.body()).startsWith("{\"error\":\"" + c.expected() + "\",\"message\":\"").endsWith("\"}");
        }
        if (c.status() == 405) {
            assertThat(r.header("allow")).isEqualTo("POST");
        }

        String id = "after-hostile-" + GOOD.incrementAndGet();
        HttpResponse<String> ok = IngestFixture.post(server, event(id));
        assertThat(ok.statusCode()).as("a good request right after '%s'", c.name()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo(accepted(1, 0, 0));
    }

    @Order(2)
    @Test
    void holdsNothingOnceTheCorpusIsThrough() {
        answersNothingInFlight();
    }

    private void answersNothingInFlight() {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String metrics = "";
        while (System.nanoTime() < end) {
            metrics = IngestFixture.get(IngestFixture.ops(server, "/metrics")).body();
            if (metrics.contains("authstream_ingest_in_flight_requests 0.0") && metrics.contains("authstream_ingest_in_flight_bytes 0.0")) {
                return;
            }
        }
        assertThat(metrics).contains("authstream_ingest_in_flight_requests 0.0").contains("authstream_ingest_in_flight_bytes 0.0");
    }
}
