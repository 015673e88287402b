package io.authstream.ingest;

import static io.authstream.ingest.IngestFixture.get;
import static io.authstream.ingest.IngestFixture.ops;
import static io.authstream.ingest.IngestFixture.post;
import static io.authstream.ingest.IngestFixture.readAll;
import static io.authstream.ingest.TestEvents.array;
import static io.authstream.ingest.TestEvents.events;
import static io.authstream.ingest.TestEvents.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.embedded.EmbeddedKafka;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away and comes back: ingest answers 503 with Retry-After and reports not ready
 * while it is gone, accepts again once it is back, and nothing it acknowledged is lost. Uses its
 * own broker (persistent data directory, fixed ports) so that it can be stopped and restarted.
 */
class KafkaOutageIT {

    @Test
    void answers503WhileTheBrokerIsDownAndLosesNothingAcknowledged(@TempDir Path dir) throws Exception {
        int port = freePort();
        int controllerPort = freePort();
        EmbeddedKafka kafka = broker(dir, port, controllerPort);
        Map<String, String> config = IngestFixture.config(kafka.bootstrapServers());
        config.put("ingest.produce-timeout", "3s");
        config.put("ingest.retry-after", "7s");
        IngestServer server = IngestFixture.start(config);
        try {
            HttpResponse<String> before = post(server, lines(events("before", 20)));
            assertThat(before.statusCode()).isEqualTo(200);
            assertThat(before.body()).isEqualTo("{\"accepted\":20,\"duplicates\":0,\"rejected\":0}");

            kafka.close();
            String during = array(events("during", 30));
            // Sent before readiness has noticed: it waits for acknowledgements that never come.
            HttpResponse<String> early = post(server, during);
            assertThat(early.statusCode()).isEqualTo(503);
            assertThat(early.headers().firstValue("Retry-After")).hasValue("7");
            assertThat(early.body()).matches("\\{\"error\":\"(produce-failed|kafka-unavailable)\".*");

            awaitTrue(() -> get(ops(server, "/health/ready")).statusCode() == 503, "readiness to go false");
            assertThat(get(ops(server, "/health/ready")).body()).contains("not-ready");
            assertThat(get(ops(server, "/health/live")).statusCode()).isEqualTo(200);

            HttpResponse<String> refused = post(server, during);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("7");
            assertThat(refused.body()).startsWith("{\"error\":\"kafka-unavailable\"");

            kafka = broker(dir, port, controllerPort);
            awaitTrue(() -> get(ops(server, "/health/ready")).statusCode() == 200, "readiness to come back");

            // Auth0 redelivers what was refused, and (at least once) what was already accepted.
            HttpResponse<String> retried = post(server, during);
            assertThat(retried.statusCode()).isEqualTo(200);
            assertThat(retried.body()).isEqualTo("{\"accepted\":30,\"duplicates\":0,\"rejected\":0}");
            HttpResponse<String> redelivered = post(server, lines(events("before", 20)));
            assertThat(redelivered.body()).isEqualTo("{\"accepted\":0,\"duplicates\":20,\"rejected\":0}");

            Set<String> stored = readAll(kafka.bootstrapServers(), server.config().kafka().topics().events().name(), 50)
                    .stream().map(ConsumerRecord::key).collect(Collectors.toSet());
            Set<String> expected = new HashSet<>();
            IntStream.range(0, 20).forEach(i -> expected.add("before-" + i));
            IntStream.range(0, 30).forEach(i -> expected.add("during-" + i));
            assertThat(stored).containsExactlyInAnyOrderElementsOf(expected);
        } finally {
            server.close();
            kafka.close();
        }
    }

    private static EmbeddedKafka broker(Path dir, int port, int controllerPort) {
        return EmbeddedKafka.builder().dataDir(dir.resolve("kafka")).port(port).controllerPort(controllerPort)
                .brokerProperty("num.partitions", "3").start();
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(100); // polling interval of a deadline-bounded wait
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
