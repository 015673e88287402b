package io.authstream.analyzer.detection;

import static io.authstream.analyzer.stream.Fixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.analyzer.stream.Fixture;
import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * "≥ N in any T" over the real topology: a burst of N events within T fires exactly once wherever it
 * starts relative to the clock, and N or more events whose every T-interval holds fewer than N never fire.
 */
class SlidingWindowProperties {

    private static Fixture bruteForce(int n, int minutes) {
        return new Fixture(Map.of("analyzer.detections.brute-force.threshold", Integer.toString(n),
                "analyzer.detections.brute-force.window", minutes + "m"));
    }

    private static List<Alert> play(Fixture f, List<Long> offsets) {
        int i = 0;
        for (long at : offsets) {
            f.send("fp", T0.plusMillis(at), "ip", "192.0.2." + (i++ % 200), "user_name", "target@example.com");
        }
        return f.newAlerts("brute-force");
    }

    @Property(tries = 60)
    void aBurstOfNWithinTFiresExactlyOnceAtAnyOffset(@ForAll @IntRange(min = 2, max = 12) int n,
                                                    @ForAll @IntRange(min = 1, max = 60) int minutes,
                                                    @ForAll @LongRange(min = 0, max = 7_200_000) long offset,
                                                    @ForAll @Size(min = 11, max = 11) List<@IntRange(min = 0, max = 1000) Integer> spread) {
        long windowMs = Duration.ofMinutes(minutes).toMillis();
        List<Long> at = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // positions inside [offset, offset + T), the last one at most T - 1 ms after the first
            long pos = i == 0 ? 0 : (windowMs - 1) * spread.get(i - 1) / 1000;
            at.add(offset + pos);
        }
        at.sort(null);
        try (Fixture f = bruteForce(n, minutes)) {
            List<Alert> alerts = play(f, at);
            assertThat(alerts).filteredOn(a -> a.state() == AlertState.FIRING).hasSize(1);
            assertThat(alerts).noneMatch(a -> a.state() == AlertState.RESOLVED);
        }
    }

    @Property(tries = 60)
    void eventsWhoseEveryIntervalOfTHoldsFewerThanNNeverFire(@ForAll @IntRange(min = 2, max = 8) int n,
                                                            @ForAll @IntRange(min = 1, max = 30) int minutes,
                                                            @ForAll @LongRange(min = 0, max = 7_200_000) long offset,
                                                            @ForAll @Size(min = 3, max = 30) List<@LongRange(min = 0, max = 3_600_000) Long> gaps) {
        long windowMs = Duration.ofMinutes(minutes).toMillis();
        List<Long> at = new ArrayList<>();
        long t = offset;
        for (long g : gaps) {
            t += g;
            int k = at.size();
            if (k >= n - 1 && t - at.get(k - n + 1) < windowMs) {
                t = at.get(k - n + 1) + windowMs; // the tightest spacing that still keeps N out of every interval of T
            }
            at.add(t);
        }
        try (Fixture f = bruteForce(n, minutes)) {
            assertThat(play(f, at)).isEmpty();
        }
    }
}
