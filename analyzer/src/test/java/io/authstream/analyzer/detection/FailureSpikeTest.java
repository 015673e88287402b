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

/** The EWMA failure-spike anomaly rule, minute by minute. */
class FailureSpikeTest {
    private final Fixture f = new Fixture(Map.of("analyzer.detections.failure-spike.warmup-buckets", "10",
            "analyzer.detections.failure-spike.floor", "10", "analyzer.detections.failure-spike.k", "3",
            "analyzer.detections.failure-spike.grace", "0s"));

    @AfterEach
    void close() {
        f.close();
    }

    /** {@code n} failures in minute {@code m}, then a punctuation so closed minutes fold into the baseline. */
    private void minute(int m, int n) {
        for (int i = 0; i < n; i++) {
            f.send("fp", T0.plus(Duration.ofMinutes(m)).plusMillis(i * 10L), "ip", "192.0.2." + (i % 200), "user_name", "u" + i);
        }
        f.advanceWallClock(Duration.ofSeconds(5));
    }

    @Test
    void staysSilentDuringWarmUpEvenForABigMinute() {
        minute(0, 3);
        minute(1, 50);
        assertThat(f.newAlerts("failure-spike")).isEmpty();
    }

    @Test
    void firesAtTheFailureThatLiftsTheMinuteOverBaselinePlusKSigmaAndResolvesWhenItDrops() {
        for (int m = 0; m < 12; m++) {
            minute(m, 2 + m % 2); // baseline: 2-3 failures a minute
        }
        assertThat(f.newAlerts("failure-spike")).isEmpty();
        for (int i = 0; i < 10; i++) {
            f.send("fu", T0.plus(Duration.ofMinutes(12)).plusMillis(i), "ip", "198.51.100.1", "user_name", "x" + i);
        }
        assertThat(f.newAlerts("failure-spike")).isEmpty(); // 10 is not above the floor of 10
        f.send("fu", T0.plus(Duration.ofMinutes(12)).plusMillis(50), "ip", "198.51.100.1", "user_name", "y");
        List<Alert> fired = f.newAlerts("failure-spike");
        assertThat(fired).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(AlertState.FIRING);
            assertThat(a.count()).isEqualTo(11);
            assertThat(a.threshold()).isEqualTo(10);
            assertThat(a.group()).isEmpty();
            assertThat(a.details()).containsKeys("baseline_mean", "baseline_sigma");
            assertThat(a.windowStart()).isEqualTo(T0.plus(Duration.ofMinutes(12)));
        });
        minute(13, 40); // still spiking: stays open
        minute(14, 2);
        assertThat(f.newAlerts("failure-spike")).noneMatch(a -> a.state() == AlertState.RESOLVED);
        minute(15, 2);
        minute(16, 2);
        List<Alert> after = f.newAlerts("failure-spike");
        assertThat(after).filteredOn(a -> a.state() == AlertState.RESOLVED).singleElement()
                .satisfies(a -> assertThat(a.id()).isEqualTo(fired.get(0).id()));
    }

    @Test
    void judgesAWaveAcrossAMinuteBoundaryWholeNotAsTwoHalvesUnderTheFloor() {
        for (int m = 0; m < 12; m++) {
            minute(m, 2);
        }
        // 16 failures from 12:00:40 to 12:01:10: 8 in each minute, each half under the floor of 10
        for (int i = 0; i < 8; i++) {
            f.send("fp", T0.plus(Duration.ofMinutes(12)).plusSeconds(40 + 2L * i), "ip", "198.51.100." + i, "user_name", "a" + i);
        }
        assertThat(f.newAlerts("failure-spike")).isEmpty();
        for (int i = 0; i < 8; i++) {
            f.send("fp", T0.plus(Duration.ofMinutes(13)).plusSeconds(2L * i), "ip", "198.51.100.9" + i, "user_name", "b" + i);
        }
        List<Alert> fired = f.firing(f.newAlerts("failure-spike"));
        assertThat(fired).singleElement().satisfies(a -> {
            assertThat(a.windowStart()).isEqualTo(T0.plus(Duration.ofMinutes(13)));
            assertThat(a.count()).isGreaterThan(10).isLessThanOrEqualTo(16);
            assertThat(a.details()).containsEntry("previous_bucket_count", "8");
            assertThat(a.summary()).contains("authentication failures in the 1m up to 10:13:");
        });
    }

    @Test
    void countsOnlyAuthenticationFailures() {
        for (int m = 0; m < 12; m++) {
            minute(m, 2);
        }
        for (int i = 0; i < 40; i++) {
            f.send("s", T0.plus(Duration.ofMinutes(12)).plusMillis(i), "ip", "192.0.2.1", "user_name", "ok" + i);
            f.send("fapi", T0.plus(Duration.ofMinutes(12)).plusMillis(i), "client_id", "c");
        }
        assertThat(f.newAlerts("failure-spike")).isEmpty();
    }

    /** {@code failures} failures and {@code successes} successful logins spread evenly over minute {@code m}, then a punctuation. */
    private void mixedMinute(int m, int failures, int successes) {
        int total = failures + successes;
        int f0 = 0;
        for (int i = 0; i < total; i++) {
            Instant at = T0.plus(Duration.ofMinutes(m)).plusMillis(i * (59_000L / total));
            // spread the failures evenly among the successes, as ordinary traffic does
            if ((long) (i + 1) * failures / total > f0) {
                f.send("fp", at, "ip", "192.0.2." + (i % 200), "user_name", "u" + i);
                f0++;
            } else {
                f.send("s", at, "ip", "192.0.2." + (i % 200), "user_name", "u" + i);
            }
        }
        f.advanceWallClock(Duration.ofSeconds(5));
    }

    /** Twelve minutes of ordinary traffic: 40 logins a minute, 5 % of them failing. */
    private void ordinaryBaseline() {
        for (int m = 0; m < 12; m++) {
            mixedMinute(m, 2, 38);
        }
        assertThat(f.newAlerts("failure-spike")).isEmpty();
    }

    @Test
    void staysQuietForALaunchSurgeWhoseFailureRatioIsUnchanged() {
        ordinaryBaseline();
        for (int m = 12; m < 22; m++) {
            mixedMinute(m, 20, 380); // ten times the traffic, still 5 % failures: 20 failures is twice the floor
        }
        mixedMinute(22, 2, 38);
        mixedMinute(23, 2, 38);
        assertThat(f.newAlerts("failure-spike")).isEmpty();
    }

    @Test
    void firesWithinTheFirstBucketOfACredentialStuffingWaveWhileSuccessesStayFlat() {
        ordinaryBaseline();
        Instant wave = T0.plus(Duration.ofMinutes(12));
        for (int i = 0; i < 60; i++) {
            f.send("fu", wave.plusMillis(i * 500L), "ip", "198.51.100." + (i % 50), "user_name", "victim" + i);
            if (i % 3 == 0) {
                f.send("s", wave.plusMillis(i * 500L + 1), "ip", "192.0.2." + i, "user_name", "u" + i);
            }
        }
        assertThat(f.newAlerts("failure-spike")).filteredOn(a -> a.state() == AlertState.FIRING).singleElement().satisfies(a -> {
            assertThat(a.windowStart()).isEqualTo(wave);
            assertThat(a.count()).isEqualTo(11); // at the failure that crossed the floor, seconds into the minute
            assertThat(a.lastEventAt()).isBefore(wave.plusSeconds(10));
            assertThat(a.details()).containsKeys("bucket_failure_ratio", "baseline_failure_ratio");
        });
    }

    @Test
    void statesThePeakBucketTheTotalWhileOpenAndTheBaselineRatherThanARunningTotalPerBucket() {
        ordinaryBaseline();
        mixedMinute(12, 60, 38);
        mixedMinute(13, 100, 38);
        mixedMinute(14, 30, 38);
        mixedMinute(15, 0, 38);
        mixedMinute(16, 0, 38);
        List<Alert> alerts = f.newAlerts("failure-spike");
        assertThat(alerts).filteredOn(a -> a.state() == AlertState.FIRING).singleElement()
                .satisfies(a -> assertThat(a.summary()).startsWith("11 authentication failures in the 1m up to 10:12:")
                        .contains("(9 in the current bucket, the rest from the part of the one before that it covers)")
                        .contains("baseline 2.00 ± 0.00 failures per 1m"));
        assertThat(alerts).filteredOn(a -> a.state() == AlertState.RESOLVED).singleElement().satisfies(a -> {
            assertThat(a.count()).isEqualTo(190); // 60 + 100 + 30: the total while open
            assertThat(a.summary()).contains("peak of 100 authentication failures in one 1m bucket (10:13 UTC)")
                    .contains("190 failures while open since 10:12 UTC").contains("baseline 2.00 ± 0.00 failures per 1m")
                    .doesNotContain("190 authentication failures in one 1m");
            assertThat(a.details()).containsEntry("peak_bucket_count", "100").containsEntry("total_while_open", "190");
        });
    }
}
