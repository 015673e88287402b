package io.authstream.analyzer.detection.tamper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstream.analyzer.AnalyzerConfig;
import io.authstream.analyzer.engine.RuleSpec;
import io.authstream.schemas.config.Config;
import io.authstream.schemas.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
    private static AnalyzerConfig load(String key, String value) {
        return AnalyzerConfig.from(Config.of(Map.of("kafka.bootstrap.servers", "localhost:9092", key, value)));
    }

    @Test
    void aBadSeverityIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> load("analyzer.detections.mfa-downgraded.severity", "loud"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("analyzer.detections.mfa-downgraded.severity must be info, warning, high or critical");
    }

    @Test
    void aNonPositiveFailureCountIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> load("analyzer.detections.account-takeover.failures", "0"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("analyzer.detections.account-takeover.failures");
    }

    @Test
    void theTakeoverChainCanBeSwitchedOffAloneAndTheDetectionAsAWhole() {
        assertThat(load("analyzer.detections.tenant-membership.takeover.enabled", "false").rules()).extracting(RuleSpec::id)
                .contains("tenant-membership").doesNotContain("tenant-takeover");
        assertThat(load("analyzer.detections.tenant-membership.enabled", "false").rules()).extracting(RuleSpec::id)
                .doesNotContain("tenant-membership", "tenant-takeover");
    }
}
