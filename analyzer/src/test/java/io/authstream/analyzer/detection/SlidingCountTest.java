package io.authstream.analyzer.detection;

import static io.authstream.analyzer.stream.Fixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.analyzer.stream.Fixture;
import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** "≥ N in any T": bursts fire wherever they fall relative to the clock, once per episode, and again after it ends. */
class SlidingCountTest {
    private static final String USER = "erin@example.com";
    private final Fixture f = Fixture.defaults();

    @AfterEach
    void close() {
        f.close();
    }

    private void push(Instant at) {
        f.send("gd_send_pn", at, "user_name", USER);
    }

    private void failedLogin(Instant at, String user) {
        f.send("fp", at, "ip", "192.0.2.1", "user_name", user);
    }

    @Test
    void sevenPushesInTenMinutesAcrossTheHalfHourFireOnce() {
        Instant start = T0.plus(Duration.ofMinutes(25)); // 10:25 .. 10:35, 3 before and 4 after 10:30
        for (int i = 0; i < 7; i++) {
            push(start.plus(Duration.ofMinutes(i * 10 / 6)));
        }
        List<Alert> a = f.newAlerts("mfa-push-fatigue");
        assertThat(a).extracting(Alert::state).containsExactly(AlertState.FIRING);
        assertThat(a.get(0).windowStart()).isEqualTo(start);
        assertThat(a.get(0).windowEnd()).isEqualTo(start.plus(Duration.ofMinutes(30)));
    }

    @Test
    void eightFailuresInFiveMinutesAcrossATenMinuteBoundaryFire() {
        Instant start = T0.plus(Duration.ofMinutes(8)); // 10:08 .. 10:12:30
        for (int i = 0; i < 8; i++) {
            failedLogin(start.plusSeconds(i * 37), "alice@example.com");
        }
        assertThat(f.firing(f.newAlerts("brute-force"))).singleElement()
                .satisfies(a -> assertThat(a.count()).isGreaterThanOrEqualTo(5));
    }

    @Test
    void eventsExactlyOneWindowApartNeverMakeAnInterval() {
        for (int i = 0; i < 20; i++) {
            push(T0.plus(Duration.ofMinutes(30).multipliedBy(i).dividedBy(4))); // 5 pushes span exactly 30 min
        }
        assertThat(f.newAlerts("mfa-push-fatigue")).isEmpty();
    }

    @Test
    void anEpisodeThatGoesOnFiresOnceThenUpdatesAndResolvesAfterItsLastIntervalAndGrace() {
        for (int i = 0; i < 40; i++) {
            failedLogin(T0.plusSeconds(i * 30), "bob@example.com"); // 40 failures over 20 min, every 10 min holds 20
        }
        List<Alert> open = f.newAlerts("brute-force");
        assertThat(open).extracting(Alert::state).containsExactly(AlertState.FIRING, AlertState.UPDATED,
                AlertState.UPDATED, AlertState.UPDATED);
        assertThat(open).extracting(Alert::count).containsExactly(5L, 10L, 20L, 40L);
        assertThat(open).extracting(Alert::id).containsOnly(open.get(0).id());
        // the last interval holding 5 starts at the fifth-newest failure (10:17:30) and ends at 10:27:30; grace 2 min
        f.send("s", T0.plus(Duration.ofMinutes(29)), "ip", "198.51.100.1", "user_name", "other");
        f.advanceWallClock(Duration.ofSeconds(6));
        assertThat(f.newAlerts("brute-force")).isEmpty();
        f.send("s", T0.plus(Duration.ofMinutes(29)).plusSeconds(30), "ip", "198.51.100.1", "user_name", "other");
        f.advanceWallClock(Duration.ofSeconds(6));
        assertThat(f.newAlerts("brute-force")).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(AlertState.RESOLVED);
            assertThat(a.id()).isEqualTo(open.get(0).id());
            assertThat(a.windowEnd()).isEqualTo(T0.plus(Duration.ofMinutes(27)).plusSeconds(30));
        });
    }

    @Test
    void aSecondBurstAfterTheEpisodeResolvedFiresAgainWithANewId() {
        for (int i = 0; i < 5; i++) {
            push(T0.plusSeconds(i));
        }
        Alert first = f.newAlerts("mfa-push-fatigue").get(0);
        f.send("gd_send_pn", T0.plus(Duration.ofHours(2)), "user_name", "other"); // moves the rule's clock on
        f.advanceWallClock(Duration.ofSeconds(6));
        assertThat(f.newAlerts("mfa-push-fatigue")).extracting(Alert::state).containsExactly(AlertState.RESOLVED);
        for (int i = 0; i < 5; i++) {
            push(T0.plus(Duration.ofHours(2)).plusSeconds(i));
        }
        assertThat(f.newAlerts("mfa-push-fatigue")).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(AlertState.FIRING);
            assertThat(a.id()).isNotEqualTo(first.id());
        });
    }

    @Test
    void aLateEventWithinGraceCompletesAnIntervalBehindTheNewestOne() {
        for (int i = 0; i < 4; i++) {
            failedLogin(T0.plusSeconds(i * 60), "carol@example.com"); // 10:00 .. 10:03
        }
        failedLogin(T0.plus(Duration.ofMinutes(30)), "carol@example.com"); // stream time 10:30, alone
        assertThat(f.newAlerts("brute-force")).isEmpty();
        // a failure from 10:05 on a slower partition; its partition's stream time is unknown in the driver, so it is
        // judged against this task's (10:30) and is too late by far
        failedLogin(T0.plus(Duration.ofMinutes(5)), "carol@example.com");
        assertThat(f.newAlerts("brute-force")).isEmpty();
        assertThat(f.metrics().count("authstream.analyzer.late.dropped", "rule", "brute-force")).isEqualTo(1);
        failedLogin(T0.plus(Duration.ofMinutes(28)).plusSeconds(30), "dave@example.com");
        for (int i = 0; i < 3; i++) {
            failedLogin(T0.plus(Duration.ofMinutes(29)).plusSeconds(i), "dave@example.com");
        }
        failedLogin(T0.plus(Duration.ofMinutes(28)), "dave@example.com"); // 2 min late: within grace, the fifth
        assertThat(f.metrics().count("authstream.analyzer.late.accepted", "rule", "brute-force")).isGreaterThanOrEqualTo(1);
        assertThat(f.newAlerts("brute-force")).singleElement().satisfies(a -> {
            assertThat(a.group()).containsEntry("user", "dave@example.com");
            assertThat(a.windowStart()).isEqualTo(T0.plus(Duration.ofMinutes(28)));
        });
    }

    @Test
    void theAdvanceSettingOfTumblingWindowsIsNoLongerNeededAndIgnored() {
        try (Fixture g = new Fixture(Map.of("analyzer.detections.mfa-abuse.push-fatigue.advance", "30m"))) {
            for (int i = 0; i < 5; i++) {
                g.send("gd_send_pn", T0.plus(Duration.ofMinutes(28)).plusSeconds(i * 60), "user_name", USER);
            }
            assertThat(g.newAlerts("mfa-push-fatigue")).hasSize(1);
        }
    }
}
