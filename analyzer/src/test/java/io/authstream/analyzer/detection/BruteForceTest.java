package io.authstream.analyzer.detection;

import static io.authstream.analyzer.stream.Fixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.analyzer.stream.Fixture;
import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertSeverity;
import io.authstream.schemas.record.AlertState;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BruteForceTest {
    private final Fixture f = Fixture.defaults();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void firesAtTheFifthFailureForOneUserAndEscalatesWhenALoginSucceeds() {
        for (int i = 0; i < 4; i++) {
            f.send("fp", T0.plusSeconds(i * 30), "ip", "192.0.2." + i, "user_name", "Alice@Example.com", "user_id", "auth0|a");
        }
        assertThat(f.newAlerts("brute-force")).isEmpty();
        f.send("fu", T0.plusSeconds(150), "ip", "192.0.2.9", "user_name", "alice@example.com");
        List<Alert> fired = f.newAlerts("brute-force");
        assertThat(fired).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(AlertSeverity.WARNING);
            assertThat(a.group()).containsEntry("user", "alice@example.com");
            assertThat(a.distinctIps()).isEqualTo(5);
        });
        f.send("s", T0.plusSeconds(200), "ip", "192.0.2.9", "user_name", "alice@example.com", "user_id", "auth0|a");
        assertThat(f.newAlerts("brute-force")).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(AlertState.UPDATED);
            assertThat(a.severity()).isEqualTo(AlertSeverity.HIGH);
            assertThat(a.runbook()).contains("account takeover");
        });
    }

    @Test
    void countsEachUserSeparately() {
        for (int i = 0; i < 4; i++) {
            f.send("fp", T0.plusSeconds(i), "ip", "192.0.2.1", "user_name", "alice@example.com");
            f.send("fp", T0.plusSeconds(i), "ip", "192.0.2.1", "user_name", "bob@example.com");
        }
        assertThat(f.newAlerts("brute-force")).isEmpty();
    }

    @Test
    void aSuccessAloneOpensNothing() {
        for (int i = 0; i < 10; i++) {
            f.send("s", T0.plusSeconds(i), "ip", "192.0.2.1", "user_name", "alice@example.com");
        }
        assertThat(f.newAlerts()).isEmpty();
    }
}
