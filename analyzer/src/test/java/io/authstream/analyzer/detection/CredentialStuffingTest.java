package io.authstream.analyzer.detection;

import static io.authstream.analyzer.stream.Fixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.analyzer.stream.Fixture;
import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertSeverity;
import io.authstream.schemas.record.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Credential stuffing, and with it the threshold engine's life cycle, through the real topology. */
class CredentialStuffingTest {
    static final String RULE = "credential-stuffing";
    static final String IP = "203.0.113.7";
    private final Fixture f = Fixture.defaults();

    @AfterEach
    void close() {
        f.close();
    }

    private String fail(Instant at, String ip, int user) {
        return f.send("fp", at, "ip", ip, "user_name", "user" + user + "@example.com", "user_id", "auth0|" + user);
    }

    @Test
    void staysSilentBelowThreshold() {
        for (int i = 0; i < 19; i++) {
            fail(T0.plusSeconds(i * 60), IP, i);
        }
        assertThat(f.newAlerts(RULE)).isEmpty();
    }

    @Test
    void firesOnceAtTheCrossingEventWithEvidence() {
        for (int i = 0; i < 19; i++) {
            fail(T0.plusSeconds(i), IP, i % 12);
        }
        assertThat(f.newAlerts(RULE)).isEmpty();
        fail(T0.plusSeconds(19), IP, 0);
        List<Alert> fired = f.newAlerts(RULE);
        assertThat(fired).hasSize(1);
        Alert a = fired.get(0);
        assertThat(a.state()).isEqualTo(AlertState.FIRING);
        assertThat(a.severity()).isEqualTo(AlertSeverity.HIGH);
        assertThat(a.count()).isEqualTo(20);
        assertThat(a.threshold()).isEqualTo(20);
        assertThat(a.group()).containsExactly(Map.entry("ip", IP));
        assertThat(a.tenant()).isEqualTo("acme");
        assertThat(a.stream()).isEqualTo("prod");
        assertThat(a.distinctUsers()).isEqualTo(12);
        assertThat(a.sampleLogIds()).hasSize(10);
        assertThat(a.windowStart()).isEqualTo(T0);
        assertThat(a.windowEnd()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(a.firstEventAt()).isEqualTo(T0);
        assertThat(a.lastEventAt()).isEqualTo(T0.plusSeconds(19));
        assertThat(a.id()).isEqualTo(Alert.idOf("credential-stuffing|acme|prod|ip=" + IP, T0.toEpochMilli()));
        assertThat(a.summary()).contains("20 failed logins from IP " + IP).contains("12 users");
        assertThat(a.runbook()).contains("Attack Protection");
        for (int i = 20; i < 30; i++) {
            fail(T0.plusSeconds(i), IP, 1);
        }
        assertThat(f.newAlerts(RULE)).isEmpty();
    }

    @Test
    void countsPerSourceIpAndPerTenant() {
        for (int i = 0; i < 15; i++) {
            fail(T0.plusSeconds(i), "198.51.100.1", i);
            fail(T0.plusSeconds(i), "198.51.100.2", i);
        }
        for (int i = 0; i < 15; i++) {
            f.sendFrom("other-tenant", "prod", "fp", T0.plusSeconds(20 + i), "ip", "198.51.100.1", "user_name", "u" + i);
        }
        assertThat(f.newAlerts(RULE)).isEmpty();
    }

    @Test
    void ignoresRedeliveredDuplicates() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 19; i++) {
            ids.add(fail(T0.plusSeconds(i), IP, i));
        }
        for (int i = 0; i < 19; i++) {
            f.send(ids.get(i), "fp", T0.plusSeconds(i), "ip", IP, "user_name", "user" + i + "@example.com");
        }
        assertThat(f.newAlerts(RULE)).isEmpty();
        assertThat(f.metrics().count("authstream.analyzer.duplicates")).isEqualTo(19);
    }

    @Test
    void countsLateEventsWithinGraceAndDropsLaterOnes() {
        for (int i = 0; i < 18; i++) {
            fail(T0.plusSeconds(i), IP, i);
        }
        f.send("s", T0.plus(Duration.ofMinutes(61)), "ip", "192.0.2.99", "user_name", "someone"); // stream time 11:01
        fail(T0.plus(Duration.ofMinutes(59)), IP, 30); // 19th, late but within the 2 min grace of window 10:00-11:00
        assertThat(f.metrics().count("authstream.analyzer.late.accepted", "rule", RULE)).isEqualTo(1);
        f.send("s", T0.plus(Duration.ofMinutes(63)), "ip", "192.0.2.99", "user_name", "someone"); // stream time 11:03
        fail(T0.plus(Duration.ofMinutes(58)), IP, 31); // window closed at 11:02: dropped
        assertThat(f.metrics().count("authstream.analyzer.late.dropped", "rule", RULE)).isEqualTo(1);
        assertThat(f.newAlerts(RULE)).isEmpty();

        Fixture g = Fixture.defaults();
        try {
            for (int i = 0; i < 19; i++) {
                g.send("fp", T0.plusSeconds(i), "ip", IP, "user_name", "u" + i);
            }
            g.send("s", T0.plus(Duration.ofMinutes(61)), "ip", "192.0.2.99", "user_name", "someone");
            g.send("fp", T0.plus(Duration.ofMinutes(59)), "ip", IP, "user_name", "late");
            List<Alert> a = g.newAlerts(RULE);
            assertThat(a).hasSize(1);
            assertThat(a.get(0).windowStart()).isEqualTo(T0);
        } finally {
            g.close();
        }
    }

    @Test
    void escalatesToCriticalWhenManyUsersWereTriedAndALoginSucceeded() {
        for (int i = 0; i < 20; i++) {
            fail(T0.plusSeconds(i), IP, i);
        }
        assertThat(f.newAlerts(RULE)).extracting(Alert::severity).containsExactly(AlertSeverity.HIGH);
        f.send("s", T0.plusSeconds(30), "ip", IP, "user_name", "user3@example.com");
        List<Alert> up = f.newAlerts(RULE);
        assertThat(up).hasSize(1);
        assertThat(up.get(0).state()).isEqualTo(AlertState.UPDATED);
        assertThat(up.get(0).severity()).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(up.get(0).revision()).isEqualTo(1);
        assertThat(up.get(0).summary()).contains("SUCCEEDED");
        assertThat(up.get(0).details()).containsEntry("successes", "1");
    }

    @Test
    void saysWhetherAttackProtectionAlreadyBlockedTheIp() {
        for (int i = 0; i < 20; i++) {
            fail(T0.plusSeconds(i), IP, i);
        }
        assertThat(f.newAlerts(RULE)).singleElement()
                .satisfies(a -> assertThat(a.details()).containsEntry("attack_protection_blocked", "false"));
        f.send("limit_mu", T0.plusSeconds(25), "ip", IP);
        for (int i = 20; i < 40; i++) {
            fail(T0.plusSeconds(30 + i), IP, i);
        }
        assertThat(f.newAlerts(RULE)).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(AlertState.UPDATED);
            assertThat(a.details()).containsEntry("attack_protection_blocked", "true");
            assertThat(a.runbook()).contains("Attack Protection already blocked");
        });
    }

    @Test
    void doesNotEscalateWithFewUsersEvenIfALoginSucceeded() {
        for (int i = 0; i < 20; i++) {
            fail(T0.plusSeconds(i), IP, i % 3);
        }
        f.send("s", T0.plusSeconds(30), "ip", IP, "user_name", "user1@example.com");
        assertThat(f.newAlerts(RULE)).extracting(Alert::severity).containsExactly(AlertSeverity.HIGH);
    }

    @Test
    void sendsAnUpdateWhenTheCountDoubles() {
        for (int i = 0; i < 40; i++) {
            fail(T0.plusSeconds(i), IP, 1);
        }
        List<Alert> all = f.newAlerts(RULE);
        assertThat(all).extracting(Alert::state).containsExactly(AlertState.FIRING, AlertState.UPDATED);
        assertThat(all.get(1).count()).isEqualTo(40);
        assertThat(all.get(1).id()).isEqualTo(all.get(0).id());
    }

    @Test
    void resolvesOnWallClockWhenTheStreamGoesQuiet() {
        for (int i = 0; i < 20; i++) {
            fail(T0.plusSeconds(i), IP, i);
        }
        Alert fired = f.newAlerts(RULE).get(0);
        f.advanceWallClock(Duration.ofMinutes(30));
        assertThat(f.newAlerts(RULE)).isEmpty();
        f.advanceWallClock(Duration.ofMinutes(33));
        List<Alert> resolved = f.newAlerts(RULE);
        assertThat(resolved).hasSize(1);
        assertThat(resolved.get(0).state()).isEqualTo(AlertState.RESOLVED);
        assertThat(resolved.get(0).id()).isEqualTo(fired.id());
        assertThat(resolved.get(0).summary()).startsWith("Resolved: ");
    }

    @Test
    void staysOpenWhileTheAttackGoesOnIntoTheNextWindow() {
        for (int i = 0; i < 20; i++) {
            fail(T0.plus(Duration.ofMinutes(40)).plusSeconds(i), IP, i);
        }
        Alert fired = f.newAlerts(RULE).get(0);
        for (int i = 0; i < 25; i++) {
            fail(T0.plus(Duration.ofMinutes(60)).plusSeconds(i), IP, i);
        }
        f.send("s", T0.plus(Duration.ofMinutes(70)), "ip", "192.0.2.1", "user_name", "x"); // stream time 11:10
        f.advanceWallClock(Duration.ofSeconds(10));
        assertThat(f.newAlerts(RULE)).allMatch(a -> a.state() != AlertState.RESOLVED && a.state() != AlertState.FIRING);
        f.send("s", T0.plus(Duration.ofMinutes(125)), "ip", "192.0.2.1", "user_name", "x"); // past 12:00 + grace
        f.advanceWallClock(Duration.ofSeconds(10));
        List<Alert> end = f.newAlerts(RULE);
        assertThat(end).extracting(Alert::state).containsExactly(AlertState.RESOLVED);
        assertThat(end.get(0).id()).isEqualTo(fired.id());
        // the last interval holding 20 starts at the 20th-newest failure, 11:00:05, and ends an hour later
        assertThat(end.get(0).windowEnd()).isEqualTo(T0.plus(Duration.ofHours(2)).plusSeconds(5));
    }

    @Test
    void worksTheSameOnRocksDbStores() {
        try (Fixture rocks = new Fixture(Map.of("analyzer.state.in-memory", "false"))) {
            for (int i = 0; i < 19; i++) {
                rocks.send("fp", T0.plusSeconds(i), "ip", IP, "user_name", "u" + i);
            }
            rocks.send("fp", T0.plusSeconds(5), "ip", IP, "user_name", "u1"); // a different event, out of order
            assertThat(rocks.newAlerts(RULE)).singleElement().satisfies(a -> assertThat(a.count()).isEqualTo(20));
            rocks.advanceWallClock(Duration.ofMinutes(63));
            assertThat(rocks.newAlerts(RULE)).extracting(Alert::state).containsExactly(AlertState.RESOLVED);
        }
    }

    @Test
    void canBeSwitchedOff() {
        try (Fixture off = new Fixture(Map.of("analyzer.detections.credential-stuffing.enabled", "false"))) {
            for (int i = 0; i < 30; i++) {
                off.send("fp", T0.plusSeconds(i), "ip", IP, "user_name", "u" + i);
            }
            assertThat(off.newAlerts(RULE)).isEmpty();
        }
    }

    @Test
    void usesTheConfiguredThresholdAndWindow() {
        try (Fixture five = new Fixture(Map.of("analyzer.detections.credential-stuffing.threshold", "5",
                "analyzer.detections.credential-stuffing.window", "10m"))) {
            for (int i = 0; i < 5; i++) {
                five.send("fu", T0.plusSeconds(i), "ip", IP, "user_name", "u" + i);
            }
            List<Alert> a = five.newAlerts(RULE);
            assertThat(a).hasSize(1);
            assertThat(a.get(0).windowEnd()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
        }
    }
}
