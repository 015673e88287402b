package io.authstream.analyzer.detection;

import static io.authstream.analyzer.stream.Fixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.analyzer.stream.Fixture;
import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertState;
import java.time.Duration;
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
}
