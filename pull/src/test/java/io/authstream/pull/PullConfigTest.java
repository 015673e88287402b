package io.authstream.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstream.schemas.config.Config;
import io.authstream.schemas.config.ConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PullConfigTest {

    private static Map<String, String> base() {
        Map<String, String> m = Fakes.config(URI.create("acme.eu.auth0.com"));
        m.put("pull.domain", "acme.eu.auth0.com");
        m.remove("pull.take");
        m.remove("pull.max-rate");
        m.remove("pull.interval");
        m.put("kafka.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"kafka-pw\";");
        return m;
    }

    @Test
    void readsTheDomainAsHttpsWithTheManagementApiAudienceAndSafeDefaults() {
        PullConfig c = PullConfig.from(Config.of(base()));

        assertThat(c.domain()).isEqualTo(URI.create("https://acme.eu.auth0.com"));
        assertThat(c.audience()).isEqualTo("https://acme.eu.auth0.com/api/v2/");
        assertThat(c.take()).isEqualTo(100);
        assertThat(c.maxRate()).isEqualTo(1.0);
        assertThat(c.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.stream()).isEqualTo("pull");
    }

    @Test
    void toStringMasksTheClientSecretAndSecretKafkaSettings() {
        String s = PullConfig.from(Config.of(base())).toString();

        assertThat(s).doesNotContain(Fakes.CLIENT_SECRET).doesNotContain("kafka-pw").contains("clientSecret=****");
    }

    @Test
    void refusesATakeAboveAuth0sMaximum() {
        Map<String, String> m = base();
        m.put("pull.take", "101");
        assertThatThrownBy(() -> PullConfig.from(Config.of(m))).isInstanceOf(ConfigException.class)
                .hasMessage("pull.take must be between 1 and 100 (Auth0's maximum), was 101.");
    }

    @Test
    void requiresTheClientSecret() {
        Map<String, String> m = base();
        m.remove("pull.client-secret");
        assertThatThrownBy(() -> PullConfig.from(Config.of(m))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("pull.client-secret is required");
    }
}
