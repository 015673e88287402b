package io.authstream.analyzer.detection;

import static io.authstream.analyzer.stream.Fixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.analyzer.stream.Fixture;
import io.authstream.schemas.record.AlertSeverity;
import io.authstream.schemas.record.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Distinct-count rules: "≥ K distinct values in any T", where a value seen again does not count twice. */
class DistinctCountTest {
    private final Fixture f = Fixture.defaults();

    @AfterEach
    void close() {
        f.close();
    }

    private void enroll(Instant at, String userId, String phone) {
        f.send("gd_enrollment_complete", at, "user_id", userId, "user_name", userId + "@example.com",
                "details", Map.of("authenticator", Map.of("type", "sms", "phone_number", phone)));
    }

    @Test
    void onePhoneNumberEnrolledForTwoUsersWithinThirtyDaysFires() {
        enroll(T0, "auth0|a", "+15550100");
        enroll(T0.plus(Duration.ofDays(1)), "auth0|a", "+15550100"); // the same user again does not count
        enroll(T0.plus(Duration.ofDays(2)), "auth0|b", "+15550199");
        assertThat(f.newAlerts("mfa-shared-factor")).isEmpty();
        enroll(T0.plus(Duration.ofDays(20)), "auth0|c", "+15550100");
        assertThat(f.newAlerts("mfa-shared-factor")).singleElement().satisfies(a -> {
            assertThat(a.group()).containsEntry("factor", "phone_number").containsEntry("value", "+15550100");
            assertThat(a.count()).isEqualTo(2);
            assertThat(a.subjects().get("user_id")).containsExactlyInAnyOrder("auth0|a", "auth0|c");
        });
    }

    @Test
    void oneGuardianDeviceEnrolledForTwoUsersFires() {
        f.send("gd_enrollment_complete", T0, "user_id", "auth0|a", "details", Map.of("device_id", "dev-1"));
        f.send("gd_enrollment_complete", T0.plus(Duration.ofHours(3)), "user_id", "auth0|b", "details", Map.of("device_id", "dev-1"));
        assertThat(f.newAlerts("mfa-shared-factor")).singleElement()
                .satisfies(a -> assertThat(a.group()).containsEntry("factor", "device_id").containsEntry("value", "dev-1"));
    }

    @Test
    void enrollmentsForTwoUsersMoreThanThirtyDaysApartDoNotFire() {
        enroll(T0, "auth0|a", "+15550100");
        enroll(T0.plus(Duration.ofDays(30)), "auth0|b", "+15550100");
        assertThat(f.newAlerts("mfa-shared-factor")).isEmpty();
    }

    private void refresh(Instant at, String ip, String family) {
        f.send("sertft", at, "ip", ip, "user_id", "auth0|t", "client_id", "mobile",
                "details", Map.of("familyId", family, "refresh_token", Map.of("session_id", "sess-" + family)));
    }

    @Test
    void oneRefreshTokenUsedFromThreeIpsInADayFiresForTheFamilyAndTheSession() {
        refresh(T0, "192.0.2.1", "fam1");
        refresh(T0.plus(Duration.ofHours(1)), "192.0.2.1", "fam1");
        refresh(T0.plus(Duration.ofHours(2)), "198.51.100.2", "fam1");
        assertThat(f.newAlerts("token-ip-spread")).isEmpty();
        refresh(T0.plus(Duration.ofHours(20)), "203.0.113.3", "fam1");
        var a = f.newAlerts("token-ip-spread");
        assertThat(a).extracting(x -> x.group().keySet().iterator().next())
                .containsExactlyInAnyOrder("refresh_token_family", "session_id");
        assertThat(a).allSatisfy(x -> {
            assertThat(x.count()).isEqualTo(3);
            assertThat(x.subjects().get("ip")).containsExactly("192.0.2.1", "198.51.100.2", "203.0.113.3");
            assertThat(x.subjects().get("user_id")).containsExactly("auth0|t");
        });
    }

    @Test
    void threeIpsSpreadOverMoreThanADayDoNotFire() {
        refresh(T0, "192.0.2.1", "fam2");
        refresh(T0.plus(Duration.ofHours(13)), "198.51.100.2", "fam2");
        refresh(T0.plus(Duration.ofHours(24)), "203.0.113.3", "fam2");
        refresh(T0.plus(Duration.ofHours(37)), "192.0.2.1", "fam2"); // 13 h and 24 h: a 24 h interval never holds three
        assertThat(f.newAlerts("token-ip-spread")).isEmpty();
    }

    @Test
    void aLoginSessionUsedFromThreeIpsFires() {
        f.send("s", T0, "ip", "192.0.2.1", "user_id", "auth0|s", "details", Map.of("session_id", "S1"));
        f.send("ssa", T0.plus(Duration.ofHours(2)), "ip", "192.0.2.2", "user_id", "auth0|s", "details", Map.of("session_id", "S1"));
        f.send("ssa", T0.plus(Duration.ofHours(4)), "ip", "192.0.2.3", "user_id", "auth0|s", "details", Map.of("session_id", "S1"));
        assertThat(f.newAlerts("token-ip-spread")).singleElement()
                .satisfies(a -> assertThat(a.group()).containsExactly(Map.entry("session_id", "S1")));
    }

    private void stuffing(Instant at, String ip, String user) {
        f.send("fp", at, "ip", ip, "user_name", user);
    }

    @Test
    void credentialStuffingEscalatesOnlyWhenTenDistinctUsersFitInOneHour() {
        String ip = "203.0.113.50";
        // 20 failures against 10 users, but spread so that any hour holds at most 6 of the users
        for (int i = 0; i < 10; i++) {
            Instant at = T0.plus(Duration.ofMinutes(12L * i));
            stuffing(at, ip, "user" + i + "@example.com");
            stuffing(at.plusSeconds(1), ip, "user" + i + "@example.com");
        }
        assertThat(f.newAlerts("credential-stuffing")).isEmpty(); // 20 failures span 1 h 48 min
        for (int i = 0; i < 20; i++) {
            stuffing(T0.plus(Duration.ofMinutes(110)).plusSeconds(i), ip, "user" + (i % 3) + "@example.com");
        }
        f.send("s", T0.plus(Duration.ofMinutes(111)), "ip", ip, "user_name", "user1@example.com");
        assertThat(f.newAlerts("credential-stuffing")).extracting(a -> a.state() + " " + a.severity())
                .containsExactly(AlertState.FIRING + " " + AlertSeverity.HIGH);
    }

    @Test
    void credentialStuffingEscalatesWhenTenDistinctUsersFitInAnHourAcrossTheClock() {
        String ip = "203.0.113.51";
        for (int i = 0; i < 20; i++) {
            stuffing(T0.plus(Duration.ofMinutes(50)).plus(Duration.ofMinutes(i)), ip, "v" + (i % 10) + "@example.com");
        }
        f.send("s", T0.plus(Duration.ofMinutes(71)), "ip", ip, "user_name", "v1@example.com");
        assertThat(f.newAlerts("credential-stuffing")).extracting(a -> a.state() + " " + a.severity())
                .containsExactly(AlertState.FIRING + " " + AlertSeverity.HIGH, AlertState.UPDATED + " " + AlertSeverity.CRITICAL);
    }
}
