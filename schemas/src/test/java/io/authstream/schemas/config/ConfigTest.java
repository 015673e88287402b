package io.authstream.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    // ---- files -------------------------------------------------------------------------------

    @Test
    void flattensYamlIntoDottedKeys() throws IOException {
        Path p = write("a.yaml", """
                ingest:
                  http:
                    port: 8080
                  max-body-bytes: 5_000_000
                  streams:
                    main: {token: abc, tenant: acme}
                    eu:
                      token: def
                kafka:
                  linger.ms: 5
                  bootstrap.servers: [k1:9092, k2:9092]
                flag: true
                empty:
                nothing: null
                """);

        Config c = Config.load(p, Map.of());

        assertThat(c.integer("ingest.http.port", 0)).isEqualTo(8080);
        assertThat(c.longValue("ingest.max-body-bytes", 0)).isEqualTo(5_000_000L);
        assertThat(c.string("ingest.streams.main.tenant", null)).isEqualTo("acme");
        assertThat(c.get("kafka.linger.ms")).contains("5");
        assertThat(c.list("kafka.bootstrap.servers")).containsExactly("k1:9092", "k2:9092");
        assertThat(c.bool("flag", false)).isTrue();
        assertThat(c.get("empty")).as("a key with no value is an empty string").contains("");
        assertThat(c.get("nothing")).isEmpty();
        assertThat(c.source()).isEqualTo(p.toString());
    }

    @Test
    void readsPropertiesFilesWithTheSameKeys() throws IOException {
        Path p = write("a.properties", """
                ingest.http.port = 8080
                ingest.streams.main.token=abc
                  kafka.linger.ms =  5 \s
                """);

        Config c = Config.load(p, Map.of());

        assertThat(c.integer("ingest.http.port", 0)).isEqualTo(8080);
        assertThat(c.get("kafka.linger.ms")).contains("5");
        assertThat(c.children("ingest.streams")).containsExactly("main");
    }

    @Test
    void refusesAYamlFileThatRepeatsAKey() throws IOException {
        Path p = write("dup.yml", "ingest:\n  port: 1\n  port: 2\n");

        assertThatThrownBy(() -> Config.load(p, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Cannot read the configuration file " + p + ": Duplicate field 'port'")
                .hasMessageContaining("(line 3)");
    }

    @Test
    void refusesAYamlListOfMappingsNamingTheKey() throws IOException {
        Path p = write("list.yml", "ingest:\n  streams:\n    - id: main\n      token: x\n");

        assertThatThrownBy(() -> Config.load(p, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ingest.streams must be a list of plain values");
    }

    @Test
    void refusesAYamlFileThatIsNotAMapping() throws IOException {
        Path p = write("list.yaml", "- a\n- b\n");

        assertThatThrownBy(() -> Config.load(p, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessage("The configuration file " + p + " must hold a mapping of keys at its top level.");
    }

    @Test
    void saysWhichFileIsMissing() {
        Path p = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> Config.load(p, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessage("The configuration file " + p + " does not exist.");
    }

    @Test
    void readsAnEmptyYamlFileAsNoKeys() throws IOException {
        assertThat(Config.load(write("e.yaml", "# nothing yet\n"), Map.of()).masked()).isEmpty();
    }

    // ---- environment -------------------------------------------------------------------------

    @Test
    void letsTheEnvironmentOverrideTheFile() throws IOException {
        Path p = write("a.yaml", "ingest:\n  max-body-bytes: 100\n  http:\n    port: 8080\n");

        Config c = Config.load(p, Map.of("AUTHSTREAM_INGEST_MAX_BODY_BYTES", "200", "UNRELATED", "x"));

        assertThat(c.integer("ingest.max-body-bytes", 0)).isEqualTo(200);
        assertThat(c.integer("ingest.http.port", 0)).isEqualTo(8080);
        assertThat(Config.envName("ingest.max-body-bytes")).isEqualTo("AUTHSTREAM_INGEST_MAX_BODY_BYTES");
        assertThat(Config.envName("archive.bulk.max-actions")).isEqualTo("AUTHSTREAM_ARCHIVE_BULK_MAX_ACTIONS");
    }

    @Test
    void readsTheEnvironmentAloneWhenThereIsNoFile() {
        Config c = Config.load(null, Map.of("AUTHSTREAM_ARCHIVE_BULK_MAX_ACTIONS", " 500 "));

        assertThat(c.positiveInt("archive.bulk.max-actions", 1)).isEqualTo(500);
        assertThat(c.source()).isEqualTo("environment");
    }

    @Test
    void layersDefaultsUnderAndValuesOverTheFileButUnderTheEnvironment() {
        Config c = Config.load(null, Map.of("AUTHSTREAM_A", "env")).with(Map.of("a", "with", "b", "with"))
                .withDefaults(Map.of("a", "dflt", "b", "dflt", "c", "dflt"));

        assertThat(c.get("a")).contains("env");
        assertThat(c.get("b")).contains("with");
        assertThat(c.get("c")).contains("dflt");
    }

    @Test
    void passesRawClientSettingsThroughWithTheEnvironmentWinning() throws IOException {
        Path p = write("a.yaml", "kafka:\n  linger.ms: 5\n  acks: all\n  sasl.jaas.config: secret-stuff\nkafkax:\n  no: 1\n");

        Map<String, String> kafka = Config.load(p, Map.of("AUTHSTREAM_KAFKA_LINGER_MS", "20", "AUTHSTREAM_KAFKA_BOOTSTRAP_SERVERS", "k:9092",
                "AUTHSTREAM_INGEST_KAFKA_ACKS", "0")).passThrough("kafka");

        assertThat(kafka).isEqualTo(Map.of("linger.ms", "20", "acks", "all", "sasl.jaas.config", "secret-stuff", "bootstrap.servers", "k:9092"));
    }

    @Test
    void listsChildrenOfAPrefixFromTheFileAndTheEnvironment() throws IOException {
        Path p = write("a.yaml", "ingest:\n  streams:\n    main: {token: a}\n    eu: {token: b, tenant: x}\n    b-2:\n      token: c\n  port: 1\n");

        Config c = Config.load(p, Map.of("AUTHSTREAM_INGEST_STREAMS_US_TOKEN", "d"));

        assertThat(c.children("ingest.streams")).containsExactly("b-2", "eu", "main", "us");
        assertThat(c.children("ingest")).containsExactly("port", "streams");
        assertThat(c.children("nothing")).isEmpty();
        assertThat(c.secret("ingest.streams.us.token")).map(Secret::value).contains("d");
    }

    @Test
    void findsAChildDefinedOnlyInTheEnvironmentAsDockerComposeDoes() {
        Config c = Config.load(null, Map.of("AUTHSTREAM_NOTIFIER_DESTINATIONS_SLACK_TYPE", "slack",
                "AUTHSTREAM_NOTIFIER_DESTINATIONS_SLACK_MIN_SEVERITY", "warning", "AUTHSTREAM_NOTIFIER_DESTINATIONS_PD_TYPE", "pagerduty"));

        assertThat(c.children("notifier.destinations")).containsExactly("pd", "slack");
        assertThat(c.string("notifier.destinations.slack.min-severity", "info")).isEqualTo("warning");
    }

    // ---- typed getters: every error names the key -------------------------------------------

    static Stream<Arguments> badValues() {
        return Stream.of(
                bad("p", "abc", c -> c.integer("p", 0), "p must be a whole number, was 'abc'."),
                bad("p", "99999999999", c -> c.integer("p", 0), "p must be a whole number, was '99999999999'."),
                bad("p", "1.5", c -> c.longValue("p", 0), "p must be a whole number, was '1.5'."),
                bad("ingest.max-body-bytes", "-1", c -> c.positiveInt("ingest.max-body-bytes", 1), "ingest.max-body-bytes must be positive, was -1."),
                bad("p", "0", c -> c.positiveLong("p", 1), "p must be positive, was 0."),
                bad("ratio", "x", c -> c.number("ratio", 0), "ratio must be a number, was 'x'."),
                bad("ratio", "NaN", c -> c.number("ratio", 0), "ratio must be a finite number, was 'NaN'."),
                bad("ratio", "Infinity", c -> c.number("ratio", 0), "ratio must be a finite number, was 'Infinity'."),
                bad("tls", "maybe", c -> c.bool("tls", false), "tls must be true or false, was 'maybe'."),
                bad("window", "5 minutes", c -> c.duration("window", null), "window must be a duration like 30s, 5m, 2h or 400d, was '5 minutes'."),
                bad("window", "-5s", c -> c.duration("window", null), "window must be a duration like 30s, 5m, 2h or 400d, was '-5s'."),
                bad("window", "99999999999999999d", c -> c.duration("window", null),
                        "window must be a duration like 30s, 5m, 2h or 400d, was '99999999999999999d'."),
                bad("window", "0s", c -> c.positiveDuration("window", null), "window must be a positive duration, was '0s'."),
                bad("window", "-PT5S", c -> c.positiveDuration("window", null), "window must be a positive duration, was '-PT5S'."),
                bad("ingest.token", "", c -> c.required("ingest.token"),
                        "ingest.token is required (set it in values or as AUTHSTREAM_INGEST_TOKEN)."));
    }

    private static Arguments bad(String key, String value, Consumer<Config> read, String message) {
        return Arguments.of(key + "=" + value, Config.of(Map.of(key, value)), read, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void failsWithASentenceNamingTheKey(String what, Config c, Consumer<Config> read, String message) {
        assertThatThrownBy(() -> read.accept(c)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void saysWhenABadValueCameFromTheEnvironment() {
        Config c = Config.load(null, Map.of("AUTHSTREAM_INGEST_HTTP_PORT", "http"));

        assertThatThrownBy(() -> c.integer("ingest.http.port", 8080)).isInstanceOf(ConfigException.class)
                .hasMessage("ingest.http.port must be a whole number, was 'http' (from AUTHSTREAM_INGEST_HTTP_PORT).");
    }

    @Test
    void requiresAKeyNamingTheFileAndTheVariable() throws IOException {
        Path p = write("a.yaml", "x: 1\n");

        assertThatThrownBy(() -> Config.load(p, Map.of()).required("retention.policy-file")).isInstanceOf(ConfigException.class)
                .hasMessage("retention.policy-file is required (set it in " + p + " or as AUTHSTREAM_RETENTION_POLICY_FILE).");
    }

    @Test
    void returnsDefaultsForAbsentKeys() {
        Config c = Config.of(Map.of());

        assertThat(c.integer("a", 7)).isEqualTo(7);
        assertThat(c.longValue("a", 8L)).isEqualTo(8L);
        assertThat(c.number("a", 0.5)).isEqualTo(0.5);
        assertThat(c.bool("a", true)).isTrue();
        assertThat(c.duration("a", Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.string("a", "d")).isEqualTo("d");
        assertThat(c.list("a")).isEmpty();
        assertThat(c.secret("a")).isEmpty();
    }

    @Test
    void readsWholeNumbersWithUnderscoresAndBooleansInManySpellings() {
        Config c = Config.of(Map.of("n", "1_000_000", "y", "YES", "o", "off", "one", "1"));

        assertThat(c.integer("n", 0)).isEqualTo(1_000_000);
        assertThat(c.bool("y", false)).isTrue();
        assertThat(c.bool("o", true)).isFalse();
        assertThat(c.bool("one", false)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "30s, PT30S", "30 S, PT30S", "5m, PT5M", "2h, PT2H", "400d, PT9600H", "PT5M, PT5M", "pt1h30m, PT1H30M",
            "P2D, PT48H", "0s, PT0S"})
    void readsDurationsInShortAndIsoForms(String text, String iso) {
        assertThat(Config.of(Map.of("d", text)).duration("d", null)).isEqualTo(Duration.parse(iso));
    }

    @Test
    void readsListsDroppingEmptyItems() {
        assertThat(Config.of(Map.of("l", " a, ,b,,c ")).list("l")).containsExactly("a", "b", "c");
    }

    // ---- secrets -----------------------------------------------------------------------------

    @Test
    void masksSecretsInMaskedAndToString() throws IOException {
        Path p = write("a.yaml", """
                ingest:
                  streams:
                    main:
                      token: tok-123
                      authorization: Bearer abc
                  port: 8080
                kafka:
                  sasl.jaas.config: org.apache.kafka.common.security.plain.PlainLoginModule required password="pw-456";
                  ssl.keystore.password: ks-789
                  ssl.keystore.key: |
                    -----BEGIN PRIVATE KEY-----
                    MIIEvQIBADANBgkqhkiG9w0BAQEFAASC-pem-555
                    -----END PRIVATE KEY-----
                  sasl.oauthbearer.assertion.private.key.passphrase: pp-666
                notifier:
                  destinations:
                    ops:
                      type: slack
                      url: https://hooks.slack.com/services/T000/B000/slack-777
                    pd:
                      routing-key: rk-000
                analyzer:
                  api_key: ak-111
                  client-secret: cs-222
                retention:
                  erasure-salt: salt-888-at-least-16
                archive:
                  elasticsearch:
                    url: https://elastic:es-pass-333@es.example.com:9200
                """);

        Config c = Config.load(p, Map.of("AUTHSTREAM_INGEST_STREAMS_EU_TOKEN", "env-tok-444", "AUTHSTREAM_INGEST_PORT", "9090",
                "AUTHSTREAM_RETENTION_ERASURE_SALT", "env-salt-999-at-least", "AUTHSTREAM_NOTIFIER_DESTINATIONS_EU_URL",
                "https://hooks.slack.com/services/T1/B1/env-slack-121"));

        String shown = c.toString() + c.masked();
        assertThat(shown).doesNotContain("tok-123", "Bearer abc", "pw-456", "ks-789", "pem-555", "pp-666", "slack-777", "rk-000",
                "ak-111", "cs-222", "salt-888", "es-pass-333", "env-tok-444", "env-salt-999", "env-slack-121");
        assertThat(c.masked()).containsEntry("ingest.streams.main.token", "****").containsEntry("ingest.port", "8080")
                .containsEntry("archive.elasticsearch.url", "https://elastic:****@es.example.com:9200")
                .containsEntry("notifier.destinations.ops.url", "****").containsEntry("notifier.destinations.ops.type", "slack")
                .containsEntry("retention.erasure-salt", "****").containsEntry("env:AUTHSTREAM_RETENTION_ERASURE_SALT", "****")
                .containsEntry("env:AUTHSTREAM_INGEST_STREAMS_EU_TOKEN", "****").containsEntry("env:AUTHSTREAM_INGEST_PORT", "9090");
    }

    @Test
    void masksEveryKeyReadAsASecretWhateverItsName() {
        Config c = Config.of(Map.of("ingest.streams.main.tokens", "a-token-value-0001", "x.unremarkable-name", "hidden-0002",
                "x.other-name", "shown-0003"));

        assertThat(c.secret("x.unremarkable-name")).map(Secret::value).contains("hidden-0002");
        assertThat(c.requiredSecret("x.unremarkable-name").value()).isEqualTo("hidden-0002");
        assertThat(c.secretList("ingest.streams.main.tokens")).extracting(Secret::value).containsExactly("a-token-value-0001");
        assertThat(c.masked()).containsEntry("x.unremarkable-name", "****").containsEntry("x.other-name", "shown-0003");
        assertThat(Config.load(null, Map.of("AUTHSTREAM_X_UNREMARKABLE_NAME", "env-hidden")).masked())
                .containsEntry("env:AUTHSTREAM_X_UNREMARKABLE_NAME", "****");
    }

    // ---- secrets from files (container and Kubernetes secret mounts) -------------------------

    @Test
    void readsASecretFromTheFileNamedByTheFileVariableDroppingOneTrailingNewline() throws IOException {
        Path secret = write("es-password", "pw from a mount \n\n");
        Path crlf = write("salt", "salt-from-windows-editor\r\n");

        Config c = Config.load(null, Map.of("AUTHSTREAM_ARCHIVE_ELASTICSEARCH_PASSWORD_FILE", secret.toString(),
                "AUTHSTREAM_RETENTION_ERASURE_SALT_FILE", crlf.toString()));

        assertThat(c.secret("archive.elasticsearch.password")).map(Secret::value).contains("pw from a mount \n");
        assertThat(c.secret("retention.erasure-salt")).map(Secret::value).contains("salt-from-windows-editor");
        assertThat(c.toString()).doesNotContain("pw from a mount", "salt-from-windows");
    }

    @Test
    void readsASecretFileValueFromTheFileOrTheEnvironment() throws IOException {
        Path token = write("token", "tok-from-file-000001\n");
        Path jaas = write("jaas", "PlainLoginModule required password=\"pw\";\n");
        Path cfg = write("a.yaml", "ingest:\n  streams:\n    main:\n      tokens: secret-file:" + token + "\n"
                + "kafka:\n  sasl.jaas.config: \"secret-file:" + jaas + "\"\n  linger.ms: 5\n");

        Config c = Config.load(cfg, Map.of("AUTHSTREAM_KAFKA_SSL_KEY_PASSWORD", "secret-file:" + token));

        assertThat(c.secretList("ingest.streams.main.tokens")).extracting(Secret::value).containsExactly("tok-from-file-000001");
        assertThat(c.passThrough("kafka")).containsEntry("sasl.jaas.config", "PlainLoginModule required password=\"pw\";")
                .containsEntry("ssl.key.password", "tok-from-file-000001").containsEntry("linger.ms", "5");
        assertThat(c.masked()).containsEntry("ingest.streams.main.tokens", "****");
    }

    @Test
    void namesTheKeyAndTheFileWhenASecretFileIsMissing() {
        Path missing = dir.resolve("no-such-secret");
        Config viaEnv = Config.load(null, Map.of("AUTHSTREAM_RETENTION_ERASURE_SALT_FILE", missing.toString()));
        Config viaValue = Config.of(Map.of("archive.elasticsearch.api-key", "secret-file:" + missing));

        assertThatThrownBy(() -> viaEnv.secret("retention.erasure-salt")).isInstanceOf(ConfigException.class)
                .hasMessage("retention.erasure-salt: the secret file '" + missing
                        + "' (from AUTHSTREAM_RETENTION_ERASURE_SALT_FILE) does not exist.");
        assertThatThrownBy(() -> viaValue.secret("archive.elasticsearch.api-key")).isInstanceOf(ConfigException.class)
                .hasMessage("archive.elasticsearch.api-key: the secret file '" + missing + "' (from secret-file:) does not exist.");
    }

    @Test
    void refusesADirectoryAnUnreadableFileAndBothForms() throws IOException {
        Path secret = write("pw", "x\n");
        Config isDir = Config.load(null, Map.of("AUTHSTREAM_KIBANA_PASSWORD_FILE", dir.toString()));
        Config both = Config.load(null, Map.of("AUTHSTREAM_KIBANA_PASSWORD_FILE", secret.toString(), "AUTHSTREAM_KIBANA_PASSWORD", "y"));
        Config empty = Config.load(null, Map.of("AUTHSTREAM_KIBANA_PASSWORD_FILE", " "));

        assertThatThrownBy(() -> isDir.secret("kibana.password")).hasMessage("kibana.password: the secret file '" + dir
                + "' (from AUTHSTREAM_KIBANA_PASSWORD_FILE) is not a regular file.");
        assertThatThrownBy(() -> both.secret("kibana.password")).hasMessage(
                "kibana.password is set twice: use AUTHSTREAM_KIBANA_PASSWORD or AUTHSTREAM_KIBANA_PASSWORD_FILE, not both.");
        assertThatThrownBy(() -> empty.secret("kibana.password")).hasMessage("kibana.password: AUTHSTREAM_KIBANA_PASSWORD_FILE names no file.");
        if (!"root".equals(System.getProperty("user.name"))) { // root reads any file
            Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("---------"));
            Config unreadable = Config.of(Map.of("kibana.password", "secret-file:" + secret));
            assertThatThrownBy(() -> unreadable.secret("kibana.password")).hasMessage("kibana.password: the secret file '" + secret
                    + "' (from secret-file:) cannot be read: permission denied.");
        }
    }

    @Test
    void saysABadValueCameFromAFileVariable() throws IOException {
        Path port = write("port", "http\n");

        assertThatThrownBy(() -> Config.load(null, Map.of("AUTHSTREAM_INGEST_HTTP_PORT_FILE", port.toString())).integer("ingest.http.port", 1))
                .hasMessage("ingest.http.port must be a whole number, was 'http' (from AUTHSTREAM_INGEST_HTTP_PORT_FILE).");
    }

    @Test
    void neverPrintsASecretValue() {
        Secret s = Config.of(Map.of("t", "hunter2")).secret("t").orElseThrow();
        record Holder(String name, Secret token) {
        }

        assertThat(s.toString()).isEqualTo("****");
        assertThat(new Holder("x", s).toString()).isEqualTo("Holder[name=x, token=****]");
        assertThat(Secret.of("").toString()).isEqualTo("(empty)");
        assertThat(s.value()).isEqualTo("hunter2");
        assertThatThrownBy(() -> Secret.of(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void matchesOnlyTheExactPresentedValue() {
        Secret s = Secret.of("s3cr\u00e9t");

        assertThat(s.matches("s3cr\u00e9t")).isTrue();
        assertThat(s.matches("s3cr\u00e9t".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isTrue();
        assertThat(s.matches("s3cret")).isFalse();
        assertThat(s.matches("s3cr\u00e9t ")).isFalse();
        assertThat(s.matches("")).isFalse();
        assertThat(s.matches((String) null)).isFalse();
        assertThat(s.matches((byte[]) null)).isFalse();
        assertThat(Secret.of("").matches("")).isTrue();
    }

    /**
     * The comparison takes as long whether the first or the last byte differs. Timing on a shared
     * machine is noisy, so this compares medians of many runs against a generous bound: a
     * short-circuiting comparison differs by far more than 2x for a 4 KiB secret.
     */
    @Test
    void comparesInTimeThatDoesNotDependOnWhereTheValuesDiffer() {
        byte[] secret = new byte[4096];
        java.util.Arrays.fill(secret, (byte) 'a');
        Secret s = Secret.of(new String(secret, java.nio.charset.StandardCharsets.US_ASCII));
        byte[] firstWrong = secret.clone();
        firstWrong[0] = 'b';
        byte[] lastWrong = secret.clone();
        lastWrong[secret.length - 1] = 'b';

        long[] early = new long[301];
        long[] late = new long[301];
        boolean any = false;
        for (int warm = 0; warm < 5000; warm++) {
            any |= s.matches(firstWrong) | s.matches(lastWrong);
        }
        // Interleaved, so that drift (JIT, other processes) hits both sides alike.
        for (int i = 0; i < early.length; i++) {
            long t0 = System.nanoTime();
            for (int k = 0; k < 50; k++) {
                any |= s.matches(firstWrong);
            }
            long t1 = System.nanoTime();
            for (int k = 0; k < 50; k++) {
                any |= s.matches(lastWrong);
            }
            early[i] = t1 - t0;
            late[i] = System.nanoTime() - t1;
        }
        java.util.Arrays.sort(early);
        java.util.Arrays.sort(late);
        long e = early[early.length / 2];
        long l = late[late.length / 2];

        assertThat(any).isFalse();
        assertThat((double) Math.max(e, l) / Math.max(1, Math.min(e, l))).isLessThan(2.0);
    }
}
