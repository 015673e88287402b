package io.authstream.analyzer.detection;

import static io.authstream.analyzer.stream.Fixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.analyzer.stream.Fixture;
import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertSeverity;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Breached password, refresh-token reuse and unknown event code: one event fires, deduplicated per group and window. */
class SingleEventDetectionsTest {
    private final Fixture f = Fixture.defaults();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void breachedPasswordFiresImmediatelyOncePerUserAndIpPerHour() {
        f.send("pwd_leak", T0, "ip", "203.0.113.5", "user_name", "carol@example.com");
        assertThat(f.newAlerts("breached-password")).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(AlertSeverity.HIGH);
            assertThat(a.group()).containsEntry("user", "carol@example.com").containsEntry("ip", "203.0.113.5");
        });
        f.send("reset_pwd_leak", T0.plusSeconds(600), "ip", "203.0.113.5", "user_name", "carol@example.com");
        assertThat(f.firing(f.newAlerts("breached-password"))).isEmpty();
        f.send("signup_pwd_leak", T0.plusSeconds(601), "ip", "203.0.113.6", "user_name", "carol@example.com");
        assertThat(f.firing(f.newAlerts("breached-password"))).hasSize(1);
    }

    @Test
    void refreshTokenReuseFiresImmediatelyAndADuplicateDoesNotFireAgain() {
        String id = f.send("ferrt", T0, "user_id", "auth0|dan", "client_id", "mobile", "description", "Unsuccessful Refresh Token exchange, reused refresh token detected");
        List<Alert> a = f.newAlerts("refresh-token-reuse");
        assertThat(a).singleElement().satisfies(x -> {
            assertThat(x.group()).containsEntry("user", "auth0|dan").containsEntry("client_id", "mobile");
            assertThat(x.sampleLogIds()).containsExactly(id);
        });
        f.send(id, "ferrt", T0, "user_id", "auth0|dan", "client_id", "mobile");
        assertThat(f.newAlerts()).isEmpty();
    }

    @Test
    void unknownEventCodeIsReportedAsInfoAtItsFirstSightingOnly() {
        f.send("zz_brand_new", T0, "description", "something new");
        assertThat(f.newAlerts("unknown-event-code")).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(AlertSeverity.INFO);
            assertThat(a.group()).containsEntry("code", "zz_brand_new");
        });
        f.send("zz_brand_new", T0.plusSeconds(5));
        f.send("s", T0.plusSeconds(6), "user_name", "x");
        assertThat(f.newAlerts()).isEmpty();
        assertThat(f.metrics().count("authstream.analyzer.unknown.codes")).isEqualTo(2);
    }
}
