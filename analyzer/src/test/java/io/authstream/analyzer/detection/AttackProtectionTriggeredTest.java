package io.authstream.analyzer.detection;

import static io.authstream.analyzer.stream.Fixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.analyzer.stream.Fixture;
import io.authstream.schemas.record.Alert;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AttackProtectionTriggeredTest {
    private final Fixture f = Fixture.defaults();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void firesOncePerIpAndHourOnAnAttackProtectionBlock() {
        f.send("limit_wc", T0, "ip", "203.0.113.9", "user_name", "a@example.com");
        List<Alert> a = f.newAlerts("attack-protection");
        assertThat(a).hasSize(1);
        assertThat(a.get(0).group()).containsEntry("ip", "203.0.113.9");
        assertThat(a.get(0).details()).containsEntry("code", "limit_wc");
        f.send("limit_sul", T0.plusSeconds(60), "ip", "203.0.113.9");
        assertThat(f.firing(f.newAlerts("attack-protection"))).isEmpty();
        f.send("limit_mu", T0.plusSeconds(61), "ip", "198.51.100.3");
        assertThat(f.firing(f.newAlerts("attack-protection"))).singleElement()
                .satisfies(x -> assertThat(x.group()).containsEntry("ip", "198.51.100.3"));
    }

    @Test
    void ignoresOtherCodes() {
        f.send("pwd_leak", T0, "ip", "203.0.113.9");
        f.send("f", T0, "ip", "203.0.113.9");
        assertThat(f.newAlerts("attack-protection")).isEmpty();
    }
}
