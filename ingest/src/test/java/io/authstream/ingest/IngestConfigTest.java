package io.authstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstream.schemas.config.Config;
import io.authstream.schemas.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestConfigTest {
    static final String TOKEN = "s3cret-token-abcdef-0123";
    static final String TOKEN2 = "Bearer next-token-abcdef-0123";

    static Map<String, String> minimal() {
        Map<String, String> m = new HashMap<>();
        m.put("kafka.bootstrap.servers", "127.0.0.1:9092");
        m.put("ingest.streams.main.tokens", TOKEN + "," + TOKEN2);
        return m;
    }

    private static IngestConfig load(Map<String, String> m) {
        return IngestConfig.from(Config.of(m));
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> m = minimal();
        m.put(key, value);
        return m;
    }

    @Test
    void putsTheOperationsPortOnLoopbackUnlessOpsHostOrIngestOpsHostSaysOtherwise() {
        assertThat(load(minimal()).ops().host()).isEqualTo("127.0.0.1");
        assertThat(load(with("ops.host", "0.0.0.0")).ops().host()).isEqualTo("0.0.0.0");
        Map<String, String> both = with("ops.host", "0.0.0.0");
        both.put("ingest.ops.host", "10.0.0.5");
        assertThat(load(both).ops().host()).isEqualTo("10.0.0.5");
    }

    @Test
    void appliesTheDocumentedDefaults() {
        IngestConfig c = load(minimal());
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.http().host()).isEqualTo("0.0.0.0");
        assertThat(c.ops().port()).isEqualTo(8081);
        assertThat(c.limits().maxBodyBytes()).isEqualTo(32L << 20);
        assertThat(c.limits().maxEventBytes()).isEqualTo(512 << 10);
        assertThat(c.limits().maxEventsPerRequest()).isEqualTo(50_000);
        assertThat(c.limits().maxInFlightRequests()).isEqualTo(64);
        assertThat(c.limits().maxInFlightBytes()).isEqualTo(64L << 20);
        assertThat(c.dedup().horizon()).isEqualTo(Duration.ofHours(1));
        assertThat(c.dedup().maxEntries()).isEqualTo(200_000);
        assertThat(c.kafka().produceTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.retryAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.kafka().topics().events().name()).isEqualTo("auth0-log-events");
        assertThat(c.http().tls()).isEmpty();
        StreamConfig s = c.stream("main").orElseThrow();
        assertThat(s.tenant()).isEqualTo("main");
        assertThat(s.tokens()).hasSize(2);
        assertThat(s.tokens().get(1).value()).isEqualTo(TOKEN2);
    }

    @Test
    void readsStreamsWithTenantsRangesAndTheirOwnLimit() {
        Map<String, String> m = minimal();
        m.put("ingest.streams.eu.tokens", TOKEN);
        m.put("ingest.streams.eu.tenant", "acme-eu");
        m.put("ingest.streams.eu.allowed-cidrs", "52.28.56.0/24, 2001:db8::/32");
        m.put("ingest.streams.eu.max-in-flight-requests", "4");
        IngestConfig c = load(m);
        assertThat(c.streams()).extracting(StreamConfig::id).containsExactly("eu", "main");
        StreamConfig eu = c.stream("eu").orElseThrow();
        assertThat(eu.tenant()).isEqualTo("acme-eu");
        assertThat(eu.allowedCidrs()).hasSize(2);
        assertThat(eu.maxInFlightRequests()).isEqualTo(4);
    }

    @Test
    void letsEnvironmentVariablesSupplyTokens() {
        Map<String, String> file = minimal();
        file.put("ingest.streams.main.tokens", "placeholder-token-in-file");
        Path none = null;
        Config config = Config.load(none, Map.of("AUTHSTREAM_INGEST_STREAMS_MAIN_TOKENS", TOKEN)).with(file);
        assertThat(IngestConfig.from(config).stream("main").orElseThrow().tokens().get(0).value()).isEqualTo(TOKEN);
    }

    @Test
    void masksTokensPasswordsAndSecretKafkaSettingsInToString(@TempDir Path dir) throws Exception {
        Path ks = Files.writeString(dir.resolve("ks.p12"), "x");
        Map<String, String> m = minimal();
        m.put("ingest.tls.keystore", ks.toString());
        m.put("ingest.tls.keystore-password", "keystore-pass-123");
        m.put("kafka.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"kpass-456\";");
        m.put("kafka.ssl.truststore.password", "trust-pass-789");
        String text = load(m).toString();
        assertThat(text).doesNotContain(TOKEN).doesNotContain("next-token").doesNotContain("keystore-pass-123")
                .doesNotContain("kpass-456").doesNotContain("trust-pass-789");
        assertThat(text).contains("****").contains("127.0.0.1:9092").contains("main");
    }

    @Test
    void requiresBootstrapServersAndAtLeastOneStream() {
        Map<String, String> noKafka = minimal();
        noKafka.remove("kafka.bootstrap.servers");
        assertThatThrownBy(() -> load(noKafka)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.bootstrap.servers is required");
        assertThatThrownBy(() -> load(Map.of("kafka.bootstrap.servers", "x:1"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("No stream is configured");
    }

    @Test
    void refusesShortTokensAndStreamsWithoutTokens() {
        assertThatThrownBy(() -> load(with("ingest.streams.main.tokens", "short"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ingest.streams.main.tokens must each be at least 16 characters");
        assertThatThrownBy(() -> load(with("ingest.streams.other.tenant", "x"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ingest.streams.other.tokens is required");
    }

    @Test
    void refusesGuessableTokensWithoutQuotingThem() {
        for (String weak : new String[] {"aaaaaaaaaaaaaaaaaaaa", "passwordpassword", "abcdabcdabcdabcdabcd", "changeme-changeme"}) {
            assertThatThrownBy(() -> load(with("ingest.streams.main.tokens", weak))).as(weak)
                    .isInstanceOf(ConfigException.class).hasMessageContaining("ingest.streams.main.tokens: one token")
                    .hasMessageNotContaining(weak);
        }
    }

    @Test
    void takesTheDefaultTlsProtocolsAndOnlyTls12OrNewer(@TempDir Path dir) throws Exception {
        Path ks = java.nio.file.Files.writeString(dir.resolve("ks.p12"), "not read here");
        Map<String, String> m = with("ingest.tls.keystore", ks.toString());
        m.put("ingest.tls.keystore-password", "keystore-pass-123");
        assertThat(load(m).http().tls().orElseThrow().protocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(load(m).http().tls().orElseThrow().cipherSuites()).isEmpty();
        m.put("ingest.tls.protocols", "TLSv1.3,TLSv1.1");
        assertThatThrownBy(() -> load(m)).hasMessage("ingest.tls.protocols may list only TLSv1.3 and TLSv1.2, was 'TLSv1.1'.");
    }

    @Test
    void throttlesFailedAuthenticationsByDefault() {
        IngestConfig.AuthThrottle t = load(with("ingest.auth.max-failures", "5")).authThrottle();
        assertThat(t.maxFailures()).isEqualTo(5);
        assertThat(t.window()).isEqualTo(java.time.Duration.ofMinutes(1));
        assertThat(load(with("ingest.auth.failure-window", "10s")).authThrottle().maxFailures()).isEqualTo(20);
        assertThatThrownBy(() -> load(with("ingest.auth.max-failures", "-1")))
                .hasMessageContaining("ingest.auth.max-failures must be 0 (no throttling) or positive");
    }

    @Test
    void namesTheKeyInEveryValidationError() {
        assertThatThrownBy(() -> load(with("ingest.max-body-bytes", "-1")))
                .hasMessage("ingest.max-body-bytes must be positive, was -1.");
        assertThatThrownBy(() -> load(with("ingest.http.port", "70000")))
                .hasMessageContaining("ingest.http.port must be a port");
        assertThatThrownBy(() -> load(with("ingest.max-in-flight-bytes", "1000")))
                .hasMessageContaining("ingest.max-in-flight-bytes must be at least ingest.max-body-bytes");
        assertThatThrownBy(() -> load(with("ingest.streams.main.allowed-cidrs", "auth0.com")))
                .hasMessageContaining("ingest.streams.main.allowed-cidrs");
        assertThatThrownBy(() -> load(with("ingest.produce-timeout", "soon")))
                .hasMessageContaining("ingest.produce-timeout must be a duration");
        assertThatThrownBy(() -> load(with("ingest.tls.keystore", "/nonexistent/ks.p12")))
                .hasMessageContaining("ingest.tls.keystore points to /nonexistent/ks.p12");
        assertThatThrownBy(() -> load(with("ingest.ops.port", "8080")))
                .hasMessageContaining("ingest.ops.port must differ from ingest.http.port");
    }

    @Test
    void refusesKafkaSettingsThatWouldBreakThePromiseOfA2xx() {
        assertThatThrownBy(() -> load(with("kafka.acks", "1"))).hasMessageContaining("kafka.acks must be all");
        assertThatThrownBy(() -> load(with("kafka.enable.idempotence", "false")))
                .hasMessageContaining("kafka.enable.idempotence must be true");
        assertThatThrownBy(() -> load(with("ingest.max-event-bytes", String.valueOf(1 << 20))))
                .hasMessageContaining("must fit in kafka.max.request.size");
    }

    @Test
    void refusesMisspeltIngestKeysInsteadOfIgnoringThem() {
        assertThatThrownBy(() -> load(with("ingest.max-body-byte", "10"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ingest.max-body-byte is not an ingest setting");
        assertThatThrownBy(() -> load(with("ingest.streams.main.token", TOKEN))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ingest.streams.main.token is not a stream setting");
        assertThatThrownBy(() -> load(with("ingest.streams.bad!id.tokens", TOKEN))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("not a valid stream id");
    }
}
