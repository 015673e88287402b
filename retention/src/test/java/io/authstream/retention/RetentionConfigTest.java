package io.authstream.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstream.schemas.config.Config;
import io.authstream.schemas.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionConfigTest {

    @Test
    void toStringMasksThePasswordTheApiKeyAndTheErasureSalt() {
        RetentionConfig c = RetentionConfig.from(Config.of(Map.of("retention.elasticsearch.url", "https://es.example:9200",
                "retention.elasticsearch.username", "retention", "retention.elasticsearch.password", "hunter2-password",
                "retention.erasure-salt", "very-secret-salt-value")));
        assertThat(c.toString()).doesNotContain("hunter2-password").doesNotContain("very-secret-salt-value").contains("****")
                .contains("https://es.example:9200");
        RetentionConfig k = RetentionConfig.from(Config.of(Map.of("retention.elasticsearch.api-key", "c2VjcmV0LWFwaS1rZXk=")));
        assertThat(k.toString()).doesNotContain("c2VjcmV0LWFwaS1rZXk=");
    }

    @Test
    void hasDefaultsForEverythingButCredentials() {
        RetentionConfig c = RetentionConfig.from(Config.of(Map.of()));
        assertThat(c.elasticsearchUrl()).isEqualTo("http://127.0.0.1:9200");
        assertThat(c.indexPrefix()).isEqualTo("auth0-");
        assertThat(c.lockTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.policyFile()).isEmpty();
        assertThat(c.erasureSalt()).isEmpty();
        assertThat(c.maxClockSkew()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void readsTheClockSkewBoundAndRefusesANonPositiveOne() {
        assertThat(RetentionConfig.from(Config.of(Map.of("retention.max-clock-skew", "30s"))).maxClockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> RetentionConfig.from(Config.of(Map.of("retention.max-clock-skew", "0s"))))
                .hasMessageContaining("retention.max-clock-skew");
    }

    @Test
    void namesTheKeyWhenAValueIsWrong() {
        assertThatThrownBy(() -> RetentionConfig.from(Config.of(Map.of("retention.elasticsearch.url", "es:9200"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("retention.elasticsearch.url must look like");
        assertThatThrownBy(() -> RetentionConfig.from(Config.of(Map.of("retention.elasticsearch.username", "u"))))
                .hasMessageContaining("retention.elasticsearch.password is not");
        assertThatThrownBy(() -> RetentionConfig.from(Config.of(Map.of("retention.erasure-salt", "short"))))
                .hasMessageContaining("retention.erasure-salt must be at least 16 characters");
        assertThatThrownBy(() -> RetentionConfig.from(Config.of(Map.of("retention.policy-file", "/nonexistent/policy.yml"))))
                .hasMessageContaining("retention.policy-file /nonexistent/policy.yml does not exist");
        assertThatThrownBy(() -> RetentionConfig.from(Config.of(Map.of("retention.lock-ttl", "2s"))))
                .hasMessageContaining("retention.lock-ttl must be at least 10s");
    }
}
