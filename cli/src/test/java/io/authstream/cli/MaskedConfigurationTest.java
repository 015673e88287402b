package io.authstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.analyzer.AnalyzerConfig;
import io.authstream.analyzer.notify.NotifierConfig;
import io.authstream.archive.ArchiveConfig;
import io.authstream.ingest.IngestConfig;
import io.authstream.retention.RetentionConfig;
import io.authstream.schemas.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every component's configuration, as its command logs or prints it, shows none of the secrets it
 * was given: in the file, in {@code AUTHSTREAM_*} variables, or in files named by {@code _FILE}
 * variables and {@code secret-file:} values.
 */
class MaskedConfigurationTest {
    @TempDir
    Path dir;

    /** Each value holds a distinctive marker so that any leak, whole or in part, is found. */
    static final Map<String, String> SECRETS = secrets();

    private static Map<String, String> secrets() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ingest.streams.main.tokens", "ingest-token-SECRET-0001");
        m.put("kafka.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" "
                + "password=\"kafka-jaas-SECRET-0002\";");
        m.put("kafka.ssl.keystore.key", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkq-pem-SECRET-0003\n"
                + "-----END ENCRYPTED PRIVATE KEY-----");
        m.put("kafka.ssl.key.password", "kafka-keypw-SECRET-0004");
        m.put("kafka.sasl.oauthbearer.assertion.private.key.passphrase", "passphrase-SECRET-0005");
        m.put("archive.elasticsearch.url", "https://archive:archive-url-SECRET-0006@es.example:9200");
        m.put("archive.elasticsearch.password", "archive-pw-SECRET-0007");
        m.put("retention.elasticsearch.url", "https://retention:retention-url-SECRET-0008@es.example:9200");
        m.put("retention.elasticsearch.password", "retention-pw-SECRET-0009");
        m.put("retention.erasure-salt", "erasure-salt-SECRET-0010");
        m.put("notifier.destinations.ops.url", "https://hooks.slack.com/services/T0000/B0000/slack-SECRET-0011");
        m.put("notifier.destinations.pd.routing-key", "pd-routing-key-SECRET-0012");
        m.put("notifier.destinations.hook.token", "webhook-token-SECRET-0013");
        m.put("notifier.destinations.hook.url", "https://alerts.example/in?sig=webhook-url-SECRET-0014");
        m.put("ingest.tls.keystore-password", "keystore-pw-SECRET-0015");
        return Map.copyOf(m);
    }

    static List<String> markers() {
        return SECRETS.values().stream().map(v -> v.replaceAll("(?s).*?([a-z-]+-SECRET-\\d{4}).*", "$1")).toList();
    }

    private Map<String, String> plain(Path keystore) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kafka.bootstrap.servers", "127.0.0.1:9092");
        m.put("ingest.tls.keystore", keystore.toString());
        m.put("archive.elasticsearch.username", "archive");
        m.put("retention.elasticsearch.username", "retention");
        m.put("notifier.destinations.ops.type", "slack");
        m.put("notifier.destinations.pd.type", "pagerduty");
        m.put("notifier.destinations.hook.type", "webhook");
        return m;
    }

    @Test
    void showsNoSecretGivenInTheConfigurationFile() throws IOException {
        Map<String, String> all = plain(Files.writeString(dir.resolve("ks.p12"), "not really a keystore"));
        all.putAll(SECRETS);

        assertLeaksNothing(Config.of(all));
    }

    @Test
    void showsNoSecretGivenInVariablesOrSecretFiles() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        plain(Files.writeString(dir.resolve("ks.p12"), "x")).forEach((k, v) -> env.put(Config.envName(k), v));
        int i = 0;
        for (Map.Entry<String, String> s : SECRETS.entrySet()) {
            Path file = Files.writeString(dir.resolve("secret-" + i), s.getValue() + "\n");
            if (s.getKey().startsWith("kafka.")) {
                env.put(Config.envName(s.getKey()), "secret-file:" + file);  // pass-through keys
            } else if (i % 2 == 0) {
                env.put(Config.envName(s.getKey()) + Config.FILE_SUFFIX, file.toString());
            } else {
                env.put(Config.envName(s.getKey()), s.getValue());
            }
            i++;
        }

        Config c = Config.load(null, env);

        assertThat(RetentionConfig.from(c).erasureSalt()).map(io.authstream.schemas.config.Secret::value)
                .contains("erasure-salt-SECRET-0010");
        assertLeaksNothing(c);
    }

    private static void assertLeaksNothing(Config c) {
        StringBuilder shown = new StringBuilder();
        shown.append(IngestConfig.from(c)).append('\n').append(AnalyzerConfig.from(c)).append('\n')
                .append(NotifierConfig.from(c)).append('\n').append(ArchiveConfig.from(c)).append('\n')
                .append(RetentionConfig.from(c)).append('\n').append(c).append('\n').append(c.masked());

        assertThat(shown.toString()).doesNotContain(markers()).contains("****").contains("es.example:9200");
    }
}
