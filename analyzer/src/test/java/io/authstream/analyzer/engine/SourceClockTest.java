package io.authstream.analyzer.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceClockTest {
    @Test
    void followsTheSlowestSourceSoALaggingPartitionKeepsItsEpisodesOpen() {
        SourceClock c = new SourceClock(3);
        c.start(0);
        c.observe(0, 10_000_000, 10_000_000, 1);
        c.observe(1, 20_000_000, 20_000_000, 1);
        assertThat(c.now(2)).as("one source not heard from yet").isEqualTo(Long.MIN_VALUE);
        c.observe(2, 3_000_000, 20_000_000, 2);
        assertThat(c.now(2)).isEqualTo(3_000_000);
        c.observe(2, 4_000_000, 20_000_000, 3);
        assertThat(c.now(3)).isEqualTo(4_000_000);
    }

    @Test
    void movesOnWithWallTimeWhileTheSlowestSourceStandsStill() {
        SourceClock c = new SourceClock(1);
        c.start(0);
        c.observe(0, 5_000, 5_000, 100);
        assertThat(c.now(100)).isEqualTo(5_000);
        assertThat(c.now(1_100)).isEqualTo(6_000);
    }

    @Test
    void aSourceWithNothingForTheRuleHoldsTheClockOnlyForAMinuteAfterStart() {
        SourceClock c = new SourceClock(3);
        c.start(0);
        c.observe(0, 5_000, 5_000, 0);
        assertThat(c.now(59_999)).isEqualTo(Long.MIN_VALUE);
        assertThat(c.now(60_000)).isEqualTo(5_000 + 60_000);
    }

    @Test
    void isWallTimeWhenNoSignalCameAtAllAfterTheHold() {
        SourceClock c = new SourceClock(3);
        c.start(0);
        assertThat(c.now(SourceClock.STARTUP_HOLD_MS + 5)).isEqualTo(SourceClock.STARTUP_HOLD_MS + 5);
    }
}
