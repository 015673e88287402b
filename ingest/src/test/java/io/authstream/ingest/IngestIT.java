package io.authstream.ingest;

import static io.authstream.ingest.IngestFixture.TOKEN;
import static io.authstream.ingest.IngestFixture.get;
import static io.authstream.ingest.IngestFixture.ops;
import static io.authstream.ingest.IngestFixture.post;
import static io.authstream.ingest.IngestFixture.readAll;
import static io.authstream.ingest.TestEvents.array;
import static io.authstream.ingest.TestEvents.event;
import static io.authstream.ingest.TestEvents.events;
import static io.authstream.ingest.TestEvents.lines;
import static io.authstream.ingest.TestEvents.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.embedded.EmbeddedKafka;
import io.authstream.embedded.junit.EmbeddedStack;
import io.authstream.schemas.record.RejectedEvent;
import io.authstream.schemas.topic.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The webhook against the real embedded Kafka: formats, headers, redelivery, partial batches, operations port. */
@EmbeddedStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestIT {
    private EmbeddedKafka kafka;
    private IngestServer server;
    private Topics topics;

    @BeforeAll
    void start(EmbeddedKafka kafka) {
        this.kafka = kafka;
        this.server = IngestFixture.start(IngestFixture.config(kafka.bootstrapServers()));
        this.topics = server.config().kafka().topics();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The events whose key starts with {@code prefix}, once at least {@code expected} are there (or 30 s). */
    private List<ConsumerRecord<String, byte[]>> eventsWithPrefix(String prefix, int expected) {
        long end = System.nanoTime() + 30_000_000_000L;
        List<ConsumerRecord<String, byte[]>> mine = List.of();
        while (System.nanoTime() < end) {
            mine = readAll(kafka.bootstrapServers(), topics.events().name(), 0).stream()
                    .filter(r -> r.key().startsWith(prefix)).toList();
            if (mine.size() >= expected) {
                break;
            }
        }
        return mine;
    }

    @Test
    void acceptsJsonLinesAndKeepsEachEventByteForByteWithItsHeaders() {
        List<String> evs = events("lines", 5);
        HttpResponse<String> r = post(server.endpoint("main"), TOKEN, "application/x-ndjson", utf8(lines(evs)), Map.of());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"accepted\":5,\"duplicates\":0,\"rejected\":0}");
        List<ConsumerRecord<String, byte[]>> got = eventsWithPrefix("lines-", 5);
        assertThat(got).hasSize(5);
        Map<String, String> byKey = got.stream().collect(Collectors.toMap(ConsumerRecord::key, c -> new String(c.value(), StandardCharsets.UTF_8)));
        assertThat(byKey).containsEntry("lines-3", evs.get(3));
        ConsumerRecord<String, byte[]> one = got.get(0);
        assertThat(header(one, Topics.HEADER_STREAM)).isEqualTo("main");
        assertThat(header(one, Topics.HEADER_TENANT)).isEqualTo("acme");
        assertThat(Instant.parse(header(one, Topics.HEADER_RECEIVED_AT))).isBefore(Instant.now().plusSeconds(1));
    }

    @Test
    void acceptsAJsonArrayWhateverTheContentType() {
        HttpResponse<String> r = post(server.endpoint("main"), TOKEN, "text/plain", utf8(array(events("array", 4))), Map.of());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"accepted\":4,\"duplicates\":0,\"rejected\":0}");
        assertThat(eventsWithPrefix("array-", 4)).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder("array-0", "array-1", "array-2", "array-3");
    }

    @Test
    void acceptsASingleJsonObject() {
        String pretty = "{\n  \"log_id\": \"object-1\",\n  \"data\": {\"type\": \"s\", \"date\": \"2026-11-27T10:00:00.000Z\"}\n}";
        HttpResponse<String> r = post(server, pretty);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"accepted\":1,\"duplicates\":0,\"rejected\":0}");
        assertThat(eventsWithPrefix("object-", 1)).singleElement()
                .satisfies(c -> assertThat(new String(c.value(), StandardCharsets.UTF_8)).isEqualTo(pretty));
    }

    @Test
    void acceptsAGzipBody() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(utf8(lines(events("gzip", 3))));
        }
        HttpResponse<String> r = post(server.endpoint("main"), TOKEN, "application/json", out.toByteArray(),
                Map.of("Content-Encoding", "gzip"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"accepted\":3,\"duplicates\":0,\"rejected\":0}");
        assertThat(eventsWithPrefix("gzip-", 3)).hasSize(3);
    }

    @Test
    void storesARedeliveredBatchExactlyOncePerLogId() {
        List<String> evs = new ArrayList<>(events("redeliver", 6));
        evs.add(event("redeliver-0"));
        String body = array(evs);
        HttpResponse<String> first = post(server, body);
        assertThat(first.body()).isEqualTo("{\"accepted\":6,\"duplicates\":1,\"rejected\":0}");
        HttpResponse<String> again = post(server, body);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo("{\"accepted\":0,\"duplicates\":7,\"rejected\":0}");
        HttpResponse<String> asLines = post(server, lines(events("redeliver", 8)));
        assertThat(asLines.body()).isEqualTo("{\"accepted\":2,\"duplicates\":6,\"rejected\":0}");

        List<ConsumerRecord<String, byte[]>> got = eventsWithPrefix("redeliver-", 8);
        Map<String, Long> perId = got.stream().collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
        assertThat(perId).hasSize(8).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
    }

    @Test
    void storesInvalidEventsAsDeadLettersAndTheRestAsEvents() {
        String noDate = "{\"log_id\":\"partial-bad-1\",\"data\":{\"type\":\"f\"}}";
        String notJson = "{\"log_id\":\"partial-bad-2\",";
        String body = lines(List.of(event("partial-0"), noDate, event("partial-1"), notJson, event("partial-2")));
        HttpResponse<String> r = post(server, body);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"accepted\":3,\"duplicates\":0,\"rejected\":2}");
        assertThat(eventsWithPrefix("partial-", 3)).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder("partial-0", "partial-1", "partial-2");

        List<RejectedEvent> dead = readAll(kafka.bootstrapServers(), topics.rejected().name(), 0).stream()
                .map(c -> RejectedEvent.fromJson(c.value()))
                .filter(e -> new String(e.original(), StandardCharsets.UTF_8).contains("partial-bad")).toList();
        Map<String, RejectedEvent> byOriginal = dead.stream()
                .collect(Collectors.toMap(e -> new String(e.original(), StandardCharsets.UTF_8), Function.identity()));
        assertThat(byOriginal).containsOnlyKeys(noDate, notJson);
        assertThat(byOriginal.get(noDate).errorType()).isEqualTo("invalid-envelope");
        assertThat(byOriginal.get(noDate).reason()).contains("data.date is missing");
        assertThat(byOriginal.get(notJson).errorType()).isEqualTo("invalid-json");
        assertThat(byOriginal.get(noDate).stream()).isEqualTo("main");
        assertThat(byOriginal.get(noDate).tenant()).isEqualTo("acme");
        assertThat(byOriginal.get(noDate).source()).isEqualTo("ingest");
    }

    @Test
    void keepsAnUnparseableBodyAsOneDeadLetterAndAnswers400() {
        String body = "[{\"log_id\":\"unparseable-1\", \"data\": {\"type\": ";
        HttpResponse<String> r = post(server, body);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).startsWith("{\"error\":\"unparseable-body\",\"message\":");
        List<RejectedEvent> dead = readAll(kafka.bootstrapServers(), topics.rejected().name(), 1).stream()
                .map(c -> RejectedEvent.fromJson(c.value()))
                .filter(e -> new String(e.original(), StandardCharsets.UTF_8).equals(body)).toList();
        assertThat(dead).singleElement().satisfies(e -> assertThat(e.errorType()).isEqualTo("unparseable-body"));
    }

    @Test
    void servesHealthAndPrometheusMetricsOnTheOperationsPort() {
        post(server, lines(events("metrics", 2)));
        post(server.endpoint("main"), "wrong-token", "application/json", utf8("[]"), Map.of());
        assertThat(get(ops(server, "/health/live")).statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get(ops(server, "/health/ready"));
        assertThat(ready.statusCode()).as("client errors never touch readiness").isEqualTo(200);
        assertThat(ready.body()).as("the shape every component shares")
                .isEqualTo("{\"component\":\"ingest\",\"status\":\"ready\",\"checks\":{\"kafka\":{\"state\":\"up\"},\"webhook\":{\"state\":\"up\"}}}");
        assertThat(get(ops(server, "/health/startup")).statusCode()).isEqualTo(200);
        HttpResponse<String> m = get(ops(server, "/metrics"));
        assertThat(m.statusCode()).isEqualTo(200);
        assertThat(m.body())
                .contains("authstream_ingest_requests_total{status=\"200\",stream=\"main\"}")
                .contains("authstream_ingest_requests_total{status=\"401\",stream=\"main\"}")
                .contains("authstream_ingest_auth_accepted_total{stream=\"main\",token=\"1\"}")
                .contains("authstream_ingest_auth_failures_total{reason=\"wrong-token\",stream=\"main\"}")
                .contains("authstream_ingest_events_total{outcome=\"accepted\",stream=\"main\"}")
                .contains("authstream_ingest_batch_events_bucket")
                .contains("authstream_ingest_request_duration_seconds_bucket")
                .contains("authstream_ingest_kafka_produce_seconds_count")
                .contains("authstream_ingest_in_flight_bytes")
                .contains("authstream_ingest_kafka_ready 1.0")
                .contains("jvm_memory_used_bytes")
                .containsPattern("authstream_build_info\\{component=\"ingest\",java_version=\"[^\"]+\",version=\"[^\"]+\"} 1")
                .contains("kafka_producer_");
        assertThat(get(ops(server, "/nope")).statusCode()).isEqualTo(404);
    }

    @Test
    void finishesARequestInFlightWhenClosedAndThenStopsListening() throws Exception {
        IngestServer s = IngestFixture.start(IngestFixture.config(kafka.bootstrapServers()));
        int port = s.port();
        byte[] body = utf8(lines(events("graceful", 3)));
        int half = body.length / 2;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/auth0/main HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + TOKEN
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, half);
            out.flush();
            waitUntilCounted(s, "graceful");
            CompletableFuture<Void> closing = CompletableFuture.runAsync(s::close);
            long end = System.nanoTime() + 10_000_000_000L;
            while (s.isReady() && System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            assertThat(s.isReady()).isFalse();
            assertThat(closing).isNotDone();
            out.write(body, half, body.length - half);
            out.flush();
            String response = readResponse(socket.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 200").contains("{\"accepted\":3,\"duplicates\":0,\"rejected\":0}");
            closing.get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertThat(readAll(kafka.bootstrapServers(), s.config().kafka().topics().events().name(), 3)).hasSize(3);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new Socket("127.0.0.1", port).close()))
                .isInstanceOf(IOException.class);
    }

    /** Waits until the server holds the half-sent request (its in-flight gauge says 1). */
    private static void waitUntilCounted(IngestServer s, String what) {
        long end = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end) {
            if (get(ops(s, "/metrics")).body().contains("authstream_ingest_in_flight_requests 1.0")) {
                return;
            }
        }
        throw new AssertionError("the " + what + " request never became in flight");
    }

    static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = in.read(buf)) > 0) {
            b.write(buf, 0, n);
            String s = b.toString(StandardCharsets.UTF_8);
            int headerEnd = s.indexOf("\r\n\r\n");
            if (headerEnd > 0) {
                int cl = s.toLowerCase().indexOf("content-length: ");
                if (cl > 0) {
                    int len = Integer.parseInt(s.substring(cl + 16, s.indexOf("\r\n", cl)).strip());
                    if (b.size() >= headerEnd + 4 + len) {
                        return s;
                    }
                }
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
