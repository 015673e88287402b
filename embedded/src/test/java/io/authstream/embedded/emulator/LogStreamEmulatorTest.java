package io.authstream.embedded.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LogStreamEmulatorTest {
    private HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> auth = new CopyOnWriteArrayList<>();
    private final AtomicInteger failFirst = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            bodies.add(new String(body, StandardCharsets.UTF_8));
            auth.add(ex.getRequestHeaders().getFirst("Authorization"));
            int status = failFirst.getAndDecrement() > 0 ? 500 : 200;
            byte[] answer = status == 200 ? "{\"accepted\":1,\"duplicates\":0,\"rejected\":0}".getBytes() : new byte[0];
            ex.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private LogStreamEmulator.Options options() {
        return LogStreamEmulator.Options.defaults(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook"),
                "Bearer s3cret token").withRetry(3, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(10));
    }

    private List<byte[]> events(int n) {
        return new ScenarioGenerator(7, "acme").generate(Scenario.NORMAL, Instant.parse("2026-11-27T10:00:00Z"),
                Duration.ofMinutes(10), 60).events().subList(0, n);
    }

    @Test
    void sendsTheAuthorizationHeaderVerbatim() {
        new LogStreamEmulator(options().withFormat(ContentFormat.JSONOBJECT)).replay(events(2), s -> { });
        assertThat(auth).containsOnly("Bearer s3cret token");
    }

    @Test
    void writesEachContentFormatAsAuth0Does() {
        List<byte[]> ev = events(3);
        new LogStreamEmulator(options().withFormat(ContentFormat.JSONLINES)).replay(ev, s -> { });
        new LogStreamEmulator(options().withFormat(ContentFormat.JSONARRAY)).replay(ev, s -> { });
        new LogStreamEmulator(options().withFormat(ContentFormat.JSONOBJECT)).replay(ev, s -> { });
        assertThat(bodies.get(0).split("\n")).hasSize(3);
        assertThat(bodies.get(1)).startsWith("[{").endsWith("}]");
        assertThat(bodies.subList(2, 5)).allSatisfy(b -> assertThat(b).startsWith("{\"log_id\"").doesNotContain("\n"));
    }

    @Test
    void retriesAFailedBatchAndCountsTheRetries() {
        failFirst.set(2);
        ReplaySummary s = new LogStreamEmulator(options().withFormat(ContentFormat.JSONARRAY)).replay(events(5), x -> { });
        assertThat(s.retries()).isEqualTo(2);
        assertThat(s.failures()).isEqualTo(2);
        assertThat(s.undelivered()).isZero();
        assertThat(bodies).hasSize(3);
    }

    @Test
    void triesABatchAgainLaterAfterThreeFailedAttempts() {
        failFirst.set(4);
        ReplaySummary s = new LogStreamEmulator(options().withFormat(ContentFormat.JSONARRAY)).replay(events(5), x -> { });
        assertThat(bodies).hasSize(5);
        assertThat(s.undelivered()).isZero();
        assertThat(s.failures()).isEqualTo(4);
    }

    @Test
    void generatesReproducibleValidTraffic() {
        Instant start = Instant.parse("2026-11-27T10:00:00Z");
        Traffic a = new ScenarioGenerator(42, "acme").generate(Scenario.MIXED, start, Duration.ofMinutes(30), 100);
        Traffic b = new ScenarioGenerator(42, "acme").generate(Scenario.MIXED, start, Duration.ofMinutes(30), 100);
        assertThat(a.size()).isEqualTo(b.size());
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.events().get(i)).isEqualTo(b.events().get(i));
        }
        ObjectMapper json = new ObjectMapper();
        assertThat(a.events()).allSatisfy(e -> {
            JsonNode n = json.readTree(e);
            assertThat(n.path("log_id").asText()).hasSize(56).isEqualTo(n.path("data").path("log_id").asText());
            assertThat(n.path("data").path("type").asText()).isNotEmpty();
            assertThat(Instant.parse(n.path("data").path("date").asText())).isBetween(start, start.plus(Duration.ofMinutes(31)));
        });
        assertThat(a.facts()).containsKeys("credential-stuffing.ip", "rate-limit.management.client_id", "fapi.client_id");
        double avg = a.events().stream().mapToInt(e -> e.length).average().orElse(0);
        assertThat(avg).isBetween(600.0, 1600.0);
    }
}
