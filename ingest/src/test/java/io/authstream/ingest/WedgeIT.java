package io.authstream.ingest;

import static io.authstream.ingest.IngestFixture.TOKEN;
import static io.authstream.ingest.IngestFixture.get;
import static io.authstream.ingest.IngestFixture.ops;
import static io.authstream.ingest.TestEvents.array;
import static io.authstream.ingest.TestEvents.event;
import static io.authstream.ingest.TestEvents.events;
import static io.authstream.ingest.TestEvents.lines;
import static io.authstream.ingest.TestEvents.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.embedded.EmbeddedKafka;
import io.authstream.embedded.junit.EmbeddedStack;
import io.authstream.ingest.body.BodySplitter;
import io.authstream.schemas.config.Config;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Review finding H1: requests that break inside the receiver must never hold an admission ticket, so
 * that valid batches keep getting through, and a receiver whose request slots stay taken says so on
 * {@code /health/ready}.
 */
@EmbeddedStack
class WedgeIT {
    private static final int ATTEMPTS = 70; // more than ingest.max-in-flight-requests (64)

    private static void awaitReadiness(IngestServer s, int status) {
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        int last = -1;
        while (System.nanoTime() < end) {
            last = get(ops(s, "/health/ready")).statusCode();
            if (last == status) {
                return;
            }
        }
        throw new AssertionError("/health/ready stayed " + last + ", expected " + status);
    }

    private static HttpResponse<String> postBytes(IngestServer s, byte[] body) {
        return IngestFixture.post(s.endpoint("main"), TOKEN, "application/json", body, Map.of());
    }

    @Test
    void keepsAcceptingValidBatchesAfterManyUtf16ArraysAndNeverStoresThemAsEvents(EmbeddedKafka kafka) {
        Map<String, String> c = IngestFixture.config(kafka.bootstrapServers());
        try (IngestServer s = IngestFixture.start(c)) {
            byte[] utf16 = array(events("u16", 3)).getBytes(StandardCharsets.UTF_16LE);
            for (int i = 0; i < ATTEMPTS; i++) {
                HttpResponse<String> r = postBytes(s, utf16);
                assertThat(r.statusCode()).as("attempt %d: %s", i, r.body()).isEqualTo(400);
                assertThat(r.body()).startsWith("{\"error\":\"unparseable-body\"").contains("UTF-8").doesNotContain("Exception");
            }
            HttpResponse<String> ok = IngestFixture.post(s, lines(events("after-u16", 5)));
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("{\"accepted\":5,\"duplicates\":0,\"rejected\":0}");
            awaitReadiness(s, 200);

            List<ConsumerRecord<String, byte[]>> stored = IngestFixture.readAll(kafka.bootstrapServers(),
                    s.config().kafka().topics().events().name(), 5);
            assertThat(stored).extracting(ConsumerRecord::key).allMatch(k -> k.startsWith("after-u16")).hasSize(5);
            List<ConsumerRecord<String, byte[]>> dead = IngestFixture.readAll(kafka.bootstrapServers(),
                    s.config().kafka().topics().rejected().name(), ATTEMPTS);
            assertThat(dead).hasSize(ATTEMPTS);
        }
    }

    @Test
    void answersAFixed500AndGivesTheSlotBackWhenTheReceiverBreaksInsideARequest(EmbeddedKafka kafka) {
        Map<String, String> c = IngestFixture.config(kafka.bootstrapServers());
        UnaryOperator<BodySplitter> breakOnBoom = real -> (body, length) -> {
            if (new String(body, 0, length, StandardCharsets.UTF_8).contains("boom")) {
                throw new ArrayIndexOutOfBoundsException("Index -1 out of bounds for length 7 (secret internals)");
            }
            return real.parse(body, length);
        };
        try (IngestServer s = IngestServer.start(IngestConfig.from(Config.of(c)), Clock.systemUTC(), breakOnBoom)) {
            assertThat(s.awaitReady(Duration.ofSeconds(30))).isTrue();
            for (int i = 0; i < ATTEMPTS; i++) {
                HttpResponse<String> r = IngestFixture.post(s, event("boom-" + i));
                assertThat(r.statusCode()).as("attempt %d", i).isEqualTo(500);
                assertThat(r.body()).isEqualTo("{\"error\":\"internal-error\",\"message\":\""
                        + "The receiver failed on this request; nothing of it counts as accepted, retry later.\"}");
            }
            HttpResponse<String> ok = IngestFixture.post(s, lines(events("after-fault", 2)));
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            awaitReadiness(s, 200);
            assertThat(get(ops(s, "/metrics")).body()).contains("authstream_ingest_in_flight_requests 0.0");
        }
    }

    @Test
    void turnsUnreadyWhileEveryRequestSlotStaysTakenAndReadyAgainOnceOneFrees(EmbeddedKafka kafka) throws Exception {
        Map<String, String> c = IngestFixture.config(kafka.bootstrapServers());
        c.put("ingest.max-in-flight-requests", "2");
        c.put("ingest.saturation-timeout", "1s");
        c.put("ingest.http.read-timeout", "60s");
        try (IngestServer s = IngestFixture.start(c)) {
            List<Socket> held = new ArrayList<>();
            byte[] body = utf8(event("held"));
            for (int i = 0; i < 2; i++) {
                Socket socket = new Socket("127.0.0.1", s.port());
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/auth0/main HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + TOKEN
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body, 0, 10);
                out.flush();
                held.add(socket);
            }
            awaitReadiness(s, 503);
            assertThat(get(ops(s, "/health/ready")).body()).contains("ingest.saturation-timeout");
            held.get(0).close();
            awaitReadiness(s, 200);
            for (Socket socket : held) {
                socket.close();
            }
        }
    }
}
