package io.authstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts every command of the packaged {@code authstream} as a real process, with distinctive
 * secrets given every way there is (configuration file, {@code AUTHSTREAM_*} variables,
 * {@code AUTHSTREAM_*_FILE} variables and {@code secret-file:} values), and searches everything
 * it writes (stdout and stderr, console and JSON logs) for them. Kafka and Elasticsearch are
 * unreachable on purpose: connection errors and retries are where URLs and settings get echoed.
 * ({@code local} is covered by {@link LocalProcessIT}.)
 */
class SecretsInLogsIT {
    /** Nothing listens on port 1. */
    private static final String DEAD = "127.0.0.1:1";

    @TempDir
    Path dir;
    private Path config;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> secrets = new ArrayList<>();

    private String secret(String name) {
        String s = name + "-SECRET-" + String.format("%04d", secrets.size() + 1);
        secrets.add(s);
        return s;
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content + "\n");
    }

    @BeforeEach
    void secretsEveryWay() throws IOException {
        String jaasPw = secret("kafka-jaas");
        String pem = secret("pem");
        config = Files.writeString(dir.resolve("authstream.yaml"), """
                kafka:
                  bootstrap.servers: "%s"
                  sasl.jaas.config: 'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="%s";'
                  ssl.keystore.key: "secret-file:%s"
                  sasl.oauthbearer.assertion.private.key.passphrase: %s
                ingest:
                  http: { host: 127.0.0.1, port: 0 }
                  ops: { port: 0 }
                  streams:
                    main:
                      tokens: [ "%s", "secret-file:%s" ]
                analyzer:
                  create-topics: false
                  state-dir: %s
                  ops: { port: 0 }
                notifier:
                  ops: { port: 0 }
                  destinations:
                    ops: { type: slack, url: "https://hooks.slack.com/services/T0000/B0000/%s" }
                    pd: { type: pagerduty, routing-key: %s }
                    hook: { type: webhook, url: "https://alerts.example/in?sig=%s" }
                archive:
                  elasticsearch: { url: "https://archive:%s@%s", password: %s }
                  ops: { port: 0 }
                retention:
                  elasticsearch: { url: "https://retention:%s@%s" }
                kibana:
                  password: "secret-file:%s"
                """.formatted(DEAD, jaasPw,
                file("pem", "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC-" + pem + "\n-----END PRIVATE KEY-----"),
                secret("passphrase"), secret("ingest-token"), file("token2", secret("ingest-token-file")), dir.resolve("state"),
                secret("slack"), secret("pd-routing-key"), secret("webhook-url"), secret("archive-url"), DEAD,
                secret("archive-pw"), secret("retention-url"), DEAD, file("kibana", secret("kibana-pw"))));
        env.put("AUTHSTREAM_NOTIFIER_DESTINATIONS_HOOK_TOKEN", secret("webhook-token"));
        env.put("AUTHSTREAM_RETENTION_ELASTICSEARCH_USERNAME", "retention");
        env.put("AUTHSTREAM_RETENTION_ELASTICSEARCH_PASSWORD_FILE", file("es-pw", secret("retention-pw")).toString());
        env.put("AUTHSTREAM_RETENTION_ERASURE_SALT_FILE", file("salt", secret("erasure-salt")).toString());
        env.put("AUTHSTREAM_ARCHIVE_ELASTICSEARCH_USERNAME", "archive");
        env.put("AUTHSTREAM_KAFKA_SSL_KEY_PASSWORD", secret("kafka-key-pw"));
        env.put("AUTHSTREAM_REPLAY_TOKEN_FILE", file("replay", secret("replay-token")).toString());
    }

    private record Run(String output, boolean sawReady, Integer exit) {
    }

    /**
     * Runs {@code args}; a long-running command gets SIGTERM once {@code ready} appears (or after
     * the timeout), a short one runs to its end.
     */
    private Run run(String ready, Map<String, String> extraEnv, String... args) throws Exception {
        Map<String, String> all = new LinkedHashMap<>(env);
        all.putAll(extraEnv);
        CommandProcess p = CommandProcess.start(dir, all, args);
        boolean sawReady = false;
        if (ready != null && p.awaitOutput(ready, Duration.ofSeconds(90))) {
            sawReady = true;
            // A little longer: retries and connection errors are logged after start-up.
            p.process().waitFor(3, TimeUnit.SECONDS);
        } else if (ready == null) {
            p.process().waitFor(90, TimeUnit.SECONDS);
        }
        int exit = p.stop(Duration.ofSeconds(40));
        return new Run(p.output(), sawReady, exit);
    }

    private void assertNoSecretIn(String command, Run r) {
        assertThat(r.output()).as(command + " wrote:\n" + r.output()).doesNotContain(secrets);
    }

    @Test
    void noLongRunningCommandLogsASecret() throws Exception {
        Map<String, Run> runs = new LinkedHashMap<>();
        runs.put("ingest", run("authstream ingest: POST", Map.of(), "ingest", "--config", config.toString()));
        // The notifier needs Kafka to start (it creates and reads its delivery-state topic, and gives up
        // after 30 s); what matters here is the masked configuration it logs first.
        runs.put("analyze", run("Starting notifier: NotifierConfig[", Map.of(), "analyze", "--with-notifier", "--config",
                config.toString()));
        runs.put("notify", run("Starting notifier: NotifierConfig[", Map.of(), "notify", "--config", config.toString()));
        runs.put("archive", run("Elasticsearch not reachable yet", Map.of(), "archive", "--config", config.toString()));
        runs.put("archive (json logs)", run("Elasticsearch not reachable yet", Map.of(), "archive", "--log-format", "json",
                "--config", config.toString()));

        runs.forEach((command, r) -> {
            assertThat(r.sawReady()).as(command + " started; it wrote:\n" + r.output()).isTrue();
            assertNoSecretIn(command, r);
        });
        assertThat(runs.get("archive").output()).contains("https://archive:****@" + DEAD);
        assertThat(runs.get("archive (json logs)").output()).contains("\"log.level\"").contains("\"message\"").contains("archive:****@");
    }

    @Test
    void noShortCommandOrPrintedConfigurationShowsASecret() throws Exception {
        Map<String, Run> runs = new LinkedHashMap<>();
        runs.put("ingest --print-config", run(null, Map.of(), "ingest", "--print-config", "--config", config.toString()));
        runs.put("analyze --print-config", run(null, Map.of(), "analyze", "--print-config", "--with-notifier",
                "--config", config.toString()));
        runs.put("notify --print-config", run(null, Map.of(), "notify", "--print-config", "--config", config.toString()));
        runs.put("retention plan (debug)", run(null, Map.of("AUTHSTREAM_LOG_LEVEL", "DEBUG"), "retention", "plan",
                "--config", config.toString()));
        runs.put("kibana import", run(null, Map.of(), "kibana", "import", "--url", "http://" + DEAD, "--config", config.toString()));
        runs.put("replay", run(null, Map.of(), "replay", "--url", "http://" + DEAD + "/v1/auth0/main", "--scenario", "normal",
                "--minutes", "1", "--normal-rate", "2", "--give-up-after", "1s"));

        runs.forEach(this::assertNoSecretIn);
        assertThat(runs.get("ingest --print-config").exit()).isZero();
        assertThat(runs.get("notify --print-config").output()).contains("ops(slack").contains("****");
        assertThat(runs.get("retention plan (debug)").exit()).as(runs.get("retention plan (debug)").output()).isNotZero();
    }
}
