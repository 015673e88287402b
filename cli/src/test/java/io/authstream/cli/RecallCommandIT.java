package io.authstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.analyzer.Analyzer;
import io.authstream.analyzer.AnalyzerConfig;
import io.authstream.embedded.EmbeddedKafka;
import io.authstream.embedded.junit.EmbeddedStack;
import io.authstream.ingest.IngestConfig;
import io.authstream.ingest.IngestServer;
import io.authstream.schemas.config.Config;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code authstream recall} against the real webhook and analyzer on the embedded Kafka, for one small seed. */
@EmbeddedStack
class RecallCommandIT {
    private static final String TOKEN = "recall-token-0123456789abcdef";
    private static final Pattern ROW = Pattern.compile("^\\| ([a-z-]+) \\| (\\d+) \\| (\\d+) \\| (\\d+) % \\| (\\d+) \\| (\\d+) \\|",
            Pattern.MULTILINE);

    @Test
    void playsOneSeedAndReportsEveryRuleWithTheSingleEventRulesAllDetectedAndNoFalseAlert(EmbeddedKafka kafka)
            throws Exception {
        Config config = Config.of(Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
                "ingest.http.host", "127.0.0.1", "ingest.http.port", "0", "ingest.ops.port", "0",
                "ingest.streams.main.tenant", "acme", "ingest.streams.main.tokens", TOKEN,
                "analyzer.application-id", "recall-it-analyzer",
                // topics of its own: other ITs in this JVM left recent events on the shared broker's default
                // topics, which would put this scenario's hours-old events behind stream time
                "topics.prefix", "recall-it-",
                "analyzer.state-dir", Files.createTempDirectory("recall-analyzer").toString()));
        try (AutoCloseable analyzer = Analyzer.start(AnalyzerConfig.from(config), new SimpleMeterRegistry());
             IngestServer ingest = IngestServer.start(IngestConfig.from(config))) {
            assertThat(ingest.awaitReady(Duration.ofSeconds(60))).isTrue();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            int rc = cl.execute("recall", "--url", ingest.endpoint("main").toString(), "--token", TOKEN,
                    "--bootstrap-servers", kafka.bootstrapServers(), "--topics-prefix", "recall-it-", "--seeds", "1", "--seed", "5", "--minutes", "240",
                    "--normal-rate", "40", "--settle", "30s");
            assertThat(rc).as(err.toString()).isZero();
            assertThat(err.toString()).contains("recall: seed 5 (1/1)").contains("posted: events");
            Map<String, int[]> rows = new java.util.HashMap<>();
            Matcher m = ROW.matcher(out.toString());
            while (m.find()) {
                rows.put(m.group(1), new int[] {Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                        Integer.parseInt(m.group(6))});
            }
            assertThat(rows.keySet()).as(out.toString()).contains("credential-stuffing", "brute-force", "rate-limit",
                    "management-api-failures", "mfa-push-fatigue", "signup-surge", "failure-spike", "unknown-event-code");
            // a one-event rule cannot be split by a window boundary: every one must be detected
            for (String rule : new String[] {"rate-limit", "rate-limit-warning", "rate-limit-burst", "refresh-token-reuse",
                    "breached-password", "attack-protection", "unknown-event-code"}) {
                assertThat(rows.get(rule)[1]).as(rule + "\n" + out).isEqualTo(rows.get(rule)[0]);
            }
            assertThat(rows.values()).as(out.toString()).allSatisfy(r -> assertThat(r[2]).isZero());
        }
    }
}
