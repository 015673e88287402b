package io.authstream.analyzer.detection.tamper;

import static io.authstream.analyzer.stream.Fixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.analyzer.stream.Fixture;
import io.authstream.schemas.record.AlertSeverity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AccountTakeoverTest {
    private static final String RULE = AccountTakeover.NAME;
    private static final String BOB = "auth0|6541f0c2a1b2c3d4e5f60718";
    private Fixture f = Fixture.defaults();

    @AfterEach
    void close() {
        f.close();
    }

    private List<String> failures(String user, Instant from, int n, Duration every) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(f.send("fp", from.plus(every.multipliedBy(i)), "user_id", user, "user_name", "bob@example.com",
                    "ip", "198.51.100.9", "description", "Wrong email or password."));
        }
        return ids;
    }

    private String login(String user, Instant at) {
        return f.send("s", at, "user_id", user, "user_name", "bob@example.com", "ip", "198.51.100.9");
    }

    private String mfaEnrolment(String user, Instant at) {
        return f.send("gd_enrollment_complete", at, "user_id", user, "user_name", "bob@example.com", "ip", "198.51.100.9");
    }

    private static Instant min(long m) {
        return T0.plus(Duration.ofMinutes(m));
    }

    @Test
    void failuresThenALoginThenAnMfaEnrolmentIsOneCriticalAlertCitingEveryStep() {
        List<String> failed = failures(BOB, T0, 5, Duration.ofMinutes(1));
        String success = login(BOB, min(5));
        assertThat(f.newAlerts(RULE)).isEmpty();
        String change = mfaEnrolment(BOB, min(20));
        assertThat(Sapi.firing(f, RULE)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(AlertSeverity.CRITICAL);
            assertThat(a.group()).containsEntry("user", BOB);
            assertThat(a.details()).containsEntry("failure_log_ids", String.join(",", failed))
                    .containsEntry("success_log_ids", success).containsEntry("change_log_ids", change)
                    .containsEntry("change", "MFA enrolment");
            assertThat(a.sampleLogIds()).containsSubsequence(failed.get(0), success, change);
            assertThat(a.summary()).contains("Account takeover of " + BOB, "MFA enrolment", change);
        });
        f.send("scp", min(30), "user_id", BOB, "user_name", "bob@example.com");
        assertThat(f.firing(f.newAlerts(RULE))).as("the same chain fires once").isEmpty();
    }

    @Test
    void aChangeMoreThanAnHourAfterTheLoginIsNoTakeover() {
        failures(BOB, T0, 5, Duration.ofMinutes(1));
        login(BOB, min(5));
        mfaEnrolment(BOB, min(66));
        assertThat(f.newAlerts(RULE)).isEmpty();
    }

    @Test
    void failuresSpreadWiderThanTheWindowAreNoEpisode() {
        failures(BOB, T0, 5, Duration.ofMinutes(5));
        login(BOB, min(21));
        mfaEnrolment(BOB, min(25));
        assertThat(f.newAlerts(RULE)).isEmpty();
    }

    @Test
    void fewerFailuresThanTheThresholdAreNoEpisode() {
        failures(BOB, T0, 4, Duration.ofMinutes(1));
        login(BOB, min(5));
        mfaEnrolment(BOB, min(6));
        assertThat(f.newAlerts(RULE)).isEmpty();
    }

    @Test
    void aLoginLongAfterTheFailuresIsNoTakeover() {
        failures(BOB, T0, 5, Duration.ofMinutes(1));
        login(BOB, min(30));
        mfaEnrolment(BOB, min(31));
        assertThat(f.newAlerts(RULE)).isEmpty();
    }

    @Test
    void onceFailuresAreTrackedTheChainIsJudgedByEventTimeNotArrivalOrder() {
        failures(BOB, T0, 5, Duration.ofMinutes(1));
        mfaEnrolment(BOB, min(20));
        assertThat(f.newAlerts(RULE)).isEmpty();
        login(BOB, min(5));
        assertThat(Sapi.firing(f, RULE)).hasSize(1);
    }

    @Test
    void loginsAndChangesOfUsersWithoutFailuresTakeNoState() {
        f.close();
        f = new Fixture(Map.of("analyzer.detections.account-takeover.max-users", "1"));
        login("auth0|carol", T0);
        mfaEnrolment("auth0|carol", min(1));
        failures(BOB, T0, 5, Duration.ofMinutes(1));
        login(BOB, min(5));
        mfaEnrolment(BOB, min(6));
        assertThat(Sapi.firing(f, RULE)).hasSize(1);
        assertThat(f.metrics().count("authstream.analyzer.sequence.dropped", "rule", RULE)).isZero();
    }

    @Test
    void aLaterLoginFromANewDeviceCountsAsTheChange() {
        failures(BOB, T0, 5, Duration.ofMinutes(1));
        login(BOB, min(5));
        String fromNewDevice = f.send("s", min(15), "user_id", BOB, "user_name", "bob@example.com", "details",
                Map.of("riskAssessment", Map.of("confidence", "low", "version", "1", "assessments",
                        Map.of("NewDevice", Map.of("confidence", "low", "code", "no_match")))));
        assertThat(Sapi.firing(f, RULE)).singleElement().satisfies(a ->
                assertThat(a.details()).containsEntry("change", "login from a new device").containsEntry("change_log_ids", fromNewDevice));
    }

    @Test
    void anotherUsersLoginAndChangeAreNotCorrelatedWithBobsFailures() {
        failures(BOB, T0, 5, Duration.ofMinutes(1));
        login("auth0|carol", min(5));
        mfaEnrolment("auth0|carol", min(6));
        assertThat(f.newAlerts(RULE)).isEmpty();
    }

    @Test
    void theNumberOfTrackedUsersIsBoundedAndDropsAreCounted() {
        f.close();
        f = new Fixture(Map.of("analyzer.detections.account-takeover.max-users", "1"));
        failures(BOB, T0, 5, Duration.ofMinutes(1));
        failures("auth0|carol", T0, 1, Duration.ofMinutes(1));
        assertThat(f.metrics().count("authstream.analyzer.sequence.dropped", "rule", RULE)).isEqualTo(1);
        login(BOB, min(5));
        mfaEnrolment(BOB, min(6));
        assertThat(Sapi.firing(f, RULE)).hasSize(1);
    }
}
