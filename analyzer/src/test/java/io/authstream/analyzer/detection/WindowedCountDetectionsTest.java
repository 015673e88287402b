package io.authstream.analyzer.detection;

import static io.authstream.analyzer.stream.Fixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.analyzer.stream.Fixture;
import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertSeverity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Management API failures, MFA abuse and signup surge: silent below threshold, fire at the crossing event, grouped. */
class WindowedCountDetectionsTest {
    private final Fixture f = Fixture.defaults();

    @AfterEach
    void close() {
        f.close();
    }

    private void fapi(int i, String client) {
        f.send("fapi", T0.plusSeconds(i), "client_id", client, "client_name", "Provisioner",
                "description", "Insufficient scope", "details",
                Map.of("request", Map.of("method", "PATCH", "path", "/api/v2/users/auth0|1"),
                        "response", Map.of("statusCode", 403)));
    }

    @Test
    void managementApiFailuresFireAtTheFifthFailurePerClient() {
        for (int i = 0; i < 4; i++) {
            fapi(i, "prov");
            fapi(i, "other");
        }
        assertThat(f.newAlerts("management-api-failures")).isEmpty();
        fapi(10, "prov");
        assertThat(f.newAlerts("management-api-failures")).singleElement().satisfies(a -> {
            assertThat(a.group()).containsExactly(Map.entry("client_id", "prov"));
            assertThat(a.details()).containsEntry("path", "/api/v2/users/auth0|1").containsEntry("status", "403")
                    .containsEntry("client_name", "Provisioner");
            assertThat(a.summary()).contains("5 failed Management API calls").contains("PATCH /api/v2/users/auth0|1");
        });
    }

    @Test
    void managementApiFailuresOutsideTheWindowDoNotAddUp() {
        for (int i = 0; i < 4; i++) {
            fapi(i, "prov");
        }
        fapi(400, "prov"); // 10:06:40, the next 5-minute window
        assertThat(f.newAlerts("management-api-failures")).isEmpty();
    }

    @Test
    void pushFatigueFiresAtFivePushesToOneUserInHalfAnHour() {
        for (int i = 0; i < 4; i++) {
            f.send("gd_send_pn", T0.plus(Duration.ofMinutes(i * 5)), "user_name", "erin@example.com");
        }
        assertThat(f.newAlerts("mfa-push-fatigue")).isEmpty();
        f.send("gd_send_pn", T0.plus(Duration.ofMinutes(25)), "user_name", "erin@example.com");
        assertThat(f.newAlerts("mfa-push-fatigue")).singleElement()
                .satisfies(a -> assertThat(a.severity()).isEqualTo(AlertSeverity.HIGH));
    }

    @Test
    void mfaFailuresFireAtFivePerUserInFifteenMinutes() {
        for (int i = 0; i < 5; i++) {
            f.send(i % 2 == 0 ? "gd_auth_failed" : "gd_auth_rejected", T0.plus(Duration.ofMinutes(i)), "user_name", "frank");
        }
        assertThat(f.newAlerts("mfa-failures")).singleElement()
                .satisfies(a -> assertThat(a.severity()).isEqualTo(AlertSeverity.WARNING));
    }

    @Test
    void signupSurgeFiresAtTwentySignupsFromOneIp() {
        for (int i = 0; i < 19; i++) {
            f.send(i % 3 == 0 ? "fs" : "ss", T0.plusSeconds(i * 60), "ip", "203.0.113.66", "user_name", "new" + i + "@x.test");
        }
        assertThat(f.newAlerts("signup-surge")).isEmpty();
        f.send("signup_pwd_leak", T0.plusSeconds(1200), "ip", "203.0.113.66", "user_name", "new19@x.test");
        List<Alert> a = f.newAlerts("signup-surge");
        assertThat(a).singleElement().satisfies(x -> {
            assertThat(x.count()).isEqualTo(20);
            assertThat(x.distinctUsers()).isEqualTo(20);
        });
    }

    @Test
    void tollFraudSpikeFiresOnSmsSendsAboveTheBaseline() {
        try (Fixture g = new Fixture(Map.of("analyzer.detections.mfa-abuse.toll-fraud.warmup-buckets", "3",
                "analyzer.detections.mfa-abuse.toll-fraud.floor", "5", "analyzer.detections.mfa-abuse.toll-fraud.grace", "0s"))) {
            for (int m = 0; m < 5; m++) {
                g.send("gd_send_sms", T0.plus(Duration.ofMinutes(m)), "user_name", "u" + m);
                g.advanceWallClock(Duration.ofSeconds(5));
            }
            for (int i = 0; i < 6; i++) {
                g.send(i % 2 == 0 ? "gd_send_sms" : "gd_send_voice", T0.plus(Duration.ofMinutes(5)).plusMillis(i),
                        "user_name", "v" + i);
            }
            assertThat(g.newAlerts("mfa-toll-fraud")).singleElement().satisfies(a -> assertThat(a.count()).isEqualTo(6));
        }
    }
}
