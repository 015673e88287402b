package io.authstream.analyzer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstream.analyzer.engine.RuleSpec;
import io.authstream.analyzer.engine.ThresholdRule;
import io.authstream.schemas.config.Config;
import io.authstream.schemas.config.ConfigException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalyzerConfigTest {
    private static AnalyzerConfig load(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("kafka.bootstrap.servers", "localhost:9092");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return AnalyzerConfig.from(Config.of(m));
    }

    @Test
    void tenantMetricsCapDefaultsToAThousandPairsAndRejectsANegativeOne() {
        assertThat(load().tenantMetricsMaxPairs()).isEqualTo(1000);
        assertThatThrownBy(() -> load("analyzer.tenant-metrics.max-pairs", "-1"))
                .hasMessage("analyzer.tenant-metrics.max-pairs must not be negative, was -1.");
    }

    @Test
    void defaultsRunEveryDetection() {
        AnalyzerConfig c = load();
        assertThat(c.rules()).extracting(RuleSpec::id).containsExactly("rate-limit", "rate-limit-warning",
                "rate-limit-burst", "attack-protection", "credential-stuffing", "brute-force", "failure-spike",
                "breached-password", "management-api-failures", "mfa-push-fatigue", "mfa-failures", "mfa-toll-fraud",
                "mfa-shared-factor", "signup-surge", "refresh-token-reuse", "token-ip-spread", "stream-silence",
                "unknown-event-code",
                "attack-protection-weakened", "mfa-downgraded", "log-stream-tampering", "tenant-membership",
                "tenant-takeover", "management-api-grant", "login-pipeline-changed", "insecure-application",
                "account-takeover");
        ThresholdRule cs = (ThresholdRule) c.rules().stream().filter(r -> r.id().equals("credential-stuffing")).findFirst()
                .orElseThrow();
        assertThat(cs.threshold()).isEqualTo(20);
        assertThat(cs.window()).isEqualTo(Duration.ofHours(1));
        assertThat(cs.grace()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.applicationId()).isEqualTo("authstream-analyzer");
    }

    @Test
    void eachDetectionCanBeSwitchedOff() {
        AnalyzerConfig c = load("analyzer.detections.mfa-abuse.enabled", "false", "analyzer.detections.stream-silence.enabled",
                "no");
        assertThat(c.rules()).extracting(RuleSpec::id).doesNotContain("mfa-push-fatigue", "mfa-failures",
                "mfa-toll-fraud", "stream-silence").contains("credential-stuffing");
    }

    @Test
    void errorsNameTheKey() {
        assertThatThrownBy(() -> load("analyzer.detections.brute-force.threshold", "-1"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("analyzer.detections.brute-force.threshold");
        assertThatThrownBy(() -> load("analyzer.detections.credential-stuffing.window", "soon"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("analyzer.detections.credential-stuffing.window");
        assertThatThrownBy(() -> load("analyzer.detections.rate-limit.severity", "urgent"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("analyzer.detections.rate-limit.severity");
        assertThatThrownBy(() -> load("analyzer.detections.rate-limit.escalate-at", "ten:high"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("escalate-at");
        assertThatThrownBy(() -> load("analyzer.detections.stream-silence.streams", "no-slash"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tenant/stream");
    }

    @Test
    void requiresTheBootstrapServers() {
        assertThatThrownBy(() -> AnalyzerConfig.from(Config.of(Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("kafka.bootstrap.servers");
    }

    @Test
    void dedupRetentionMustCoverTheLongestCountingWindow() {
        assertThatThrownBy(() -> load("analyzer.dedup.retention", "30m"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("analyzer.dedup.retention");
    }

    @Test
    void toStringMasksKafkaSecrets() {
        AnalyzerConfig c = load("kafka.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule "
                + "required username=\"u\" password=\"hunter2\";", "kafka.ssl.key.password", "hunter3");
        assertThat(c.toString()).doesNotContain("hunter2").doesNotContain("hunter3").contains("****");
    }
}
