package io.authstream.ingest;

import static io.authstream.ingest.IngestFixture.TOKEN;
import static io.authstream.ingest.IngestFixture.readAll;
import static io.authstream.ingest.TestEvents.event;
import static io.authstream.ingest.TestEvents.lines;
import static io.authstream.ingest.TestEvents.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.embedded.EmbeddedKafka;
import io.authstream.embedded.junit.EmbeddedStack;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Review findings M1 (X-Forwarded-For) and L6 (dead letters per request) against the real edge and broker. */
@EmbeddedStack
class EdgeHygieneIT {
    private static final String AUTH0_EGRESS = "52.28.56.226";

    private static HttpResponse<String> postFrom(IngestServer s, String forwardedFor, String id) {
        Map<String, String> headers = forwardedFor == null ? Map.of() : Map.of("X-Forwarded-For", forwardedFor);
        return IngestFixture.post(s.endpoint("main"), TOKEN, "application/json", utf8(event(id)), headers);
    }

    @Test
    void believesOnlyTheRightMostHopThatIsNotATrustedProxy(EmbeddedKafka kafka) {
        Map<String, String> c = IngestFixture.config(kafka.bootstrapServers());
        c.put("ingest.streams.main.allowed-cidrs", AUTH0_EGRESS + "/32");
        c.put("ingest.http.trust-forwarded-headers", "true");
        c.put("ingest.http.trusted-proxies", "127.0.0.1/32");
        try (IngestServer s = IngestFixture.start(c)) {
            assertThat(postFrom(s, AUTH0_EGRESS, "xff-1").statusCode()).as("the proxy saw Auth0").isEqualTo(200);
            assertThat(postFrom(s, "198.51.100.9, " + AUTH0_EGRESS, "xff-2").statusCode()).as("hops left of it do not matter").isEqualTo(200);
            assertThat(postFrom(s, AUTH0_EGRESS + ", 198.51.100.9", "xff-3").statusCode())
                    .as("a client that wrote Auth0's address itself, the proxy appended the real one").isEqualTo(401);
            assertThat(postFrom(s, null, "xff-4").statusCode()).as("no header: the proxy itself is the client").isEqualTo(401);
        }
        c.put("ingest.http.trusted-proxies", "10.0.0.0/8");
        try (IngestServer s = IngestFixture.start(c)) {
            assertThat(postFrom(s, AUTH0_EGRESS, "xff-5").statusCode()).as("a peer that is no trusted proxy").isEqualTo(401);
        }
    }

    @Test
    void anAddressThatKeepsFailingAuthenticationGets429EvenWithTheRightTokenAndIsCountedPerStream(EmbeddedKafka kafka) {
        Map<String, String> c = IngestFixture.config(kafka.bootstrapServers());
        c.put("ingest.auth.max-failures", "3");
        try (IngestServer s = IngestFixture.start(c)) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = IngestFixture.post(s.endpoint("main"), "guess-" + i + "-0123456789abcdef",
                        "application/json", utf8(event("guess-" + i)), Map.of());
                assertThat(r.statusCode()).as("guess " + i).isEqualTo(401);
            }
            HttpResponse<String> throttled = postFrom(s, null, "after-guesses");
            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(throttled.body()).startsWith("{\"error\":\"too-many-auth-failures\"");
            assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
            String metrics = IngestFixture.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + s.opsPort() + "/metrics")).build()).body();
            assertThat(metrics).contains("authstream_ingest_auth_failures_total{reason=\"wrong-token\",stream=\"main\"} 3.0")
                    .contains("authstream_ingest_auth_failures_total{reason=\"throttled\",stream=\"main\"} 1.0")
                    .doesNotContain("guess-0").doesNotContain(TOKEN);
            assertThat(metrics).as("no request got through").doesNotContain("authstream_ingest_auth_accepted_total{");
        }
    }

    @Test
    void storesOneDeadLetterInsteadOfThousandsBeyondThePerRequestCap(EmbeddedKafka kafka) {
        Map<String, String> c = IngestFixture.config(kafka.bootstrapServers());
        c.put("ingest.max-rejected-per-request", "3");
        try (IngestServer s = IngestFixture.start(c)) {
            String bad = "{\"log_id\":\"no-date\",\"data\":{\"type\":\"s\"}}";
            HttpResponse<String> atCap = IngestFixture.post(s, lines(List.of(event("cap-ok-1"), bad, bad, bad)));
            assertThat(atCap.statusCode()).isEqualTo(200);
            assertThat(atCap.body()).isEqualTo("{\"accepted\":1,\"duplicates\":0,\"rejected\":3}");

            HttpResponse<String> over = IngestFixture.post(s, lines(List.of(event("cap-ok-2"), bad, bad, bad, bad)));
            assertThat(over.statusCode()).isEqualTo(400);
            assertThat(over.body()).startsWith("{\"error\":\"too-many-rejected\",\"message\":\"");

            List<ConsumerRecord<String, byte[]>> events = readAll(kafka.bootstrapServers(), s.config().kafka().topics().events().name(), 1);
            assertThat(events).extracting(ConsumerRecord::key).containsExactly("cap-ok-1");
            List<ConsumerRecord<String, byte[]>> dead = readAll(kafka.bootstrapServers(), s.config().kafka().topics().rejected().name(), 4);
            assertThat(dead).hasSize(4);
            assertThat(new String(dead.get(3).value(), StandardCharsets.UTF_8)).contains("\"error_type\":\"too-many-rejected\"");
        }
    }
}
