package io.authstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class IngestCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void printsTheEffectiveConfigurationWithTokensMasked(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("ingest.yaml"), """
                kafka:
                  bootstrap.servers: 127.0.0.1:9092
                ingest:
                  http:
                    port: 9443
                  streams:
                    acme:
                      tenant: acme-prod
                      tokens: [ "first-secret-token-0001", "Bearer second-secret-token-0002" ]
                """);
        assertThat(run("ingest", "--config", file.toString(), "--print-config")).isZero();
        assertThat(out.toString()).contains("port=9443").contains("acme-prod").contains("****")
                .doesNotContain("first-secret-token").doesNotContain("second-secret-token");
    }

    @Test
    void exitsNonZeroWithASentenceNamingTheBadKey(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("ingest.properties"), """
                kafka.bootstrap.servers=127.0.0.1:9092
                ingest.streams.acme.tokens=first-secret-token-0001
                ingest.max-body-bytes=-5
                """);
        assertThat(run("ingest", "--config", file.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("ingest.max-body-bytes must be positive, was -5.");
    }

    @Test
    void servesUntilStoppedEvenBeforeKafkaIsReachable(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("ingest.yaml"), """
                kafka: { bootstrap.servers: "127.0.0.1:1" }
                ingest:
                  http: { host: 127.0.0.1, port: 0 }
                  ops: { port: 0 }
                  kafka: { probe-interval: 500ms }
                  streams: { acme: { tokens: [ "first-secret-token-0001" ] } }
                """);
        int[] exit = {-1};
        Thread t = new Thread(() -> exit[0] = run("ingest", "--config", file.toString()));
        t.start();
        long end = System.nanoTime() + 30_000_000_000L;
        while (!out.toString().contains("authstream ingest: POST") && System.nanoTime() < end && t.isAlive()) {
            Thread.onSpinWait();
        }
        assertThat(out.toString()).as(err.toString()).matches("(?s)authstream ingest: POST http://127\\.0\\.0\\.1:\\d+/v1/auth0/\\{stream\\}.*");
        t.interrupt();
        t.join(30_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(exit[0]).isZero();
    }

    @Test
    void refusesAMissingConfigurationFile(@TempDir Path dir) {
        assertThat(run("ingest", "--config", dir.resolve("nope.yaml").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("does not exist");
    }
}
