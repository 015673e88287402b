package io.authstream.analyzer.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.schemas.record.AlertSeverity;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The spike baseline's arithmetic and its stored form. */
class SpikeStateTest {
    private static final SpikeRule RULE = new SpikeRule("r", "R", Duration.ofMinutes(1), Duration.ZERO, 4, 10,
            Duration.ofHours(2), 0, AlertSeverity.HIGH, true, null, 2);

    @Test
    void readsStateWrittenBeforeSuccessesWereTrackedSoAnUpgradeKeepsTheBaseline() {
        byte[] v1 = Codec.encode(out -> {
            out.writeByte(1);
            out.writeDouble(12.5);
            out.writeDouble(4.0);
            out.writeLong(90);
            out.writeLong(123_000);
            out.writeLong(0);
            out.writeBoolean(false);
        });
        SpikeState st = SpikeState.decode(v1);
        assertThat(st.mean()).isEqualTo(12.5);
        assertThat(st.sigma()).isEqualTo(2.0);
        assertThat(st.buckets()).isEqualTo(90);
        assertThat(st.lastClosed()).isEqualTo(123_000);
        assertThat(st.successMean()).isZero();
        assertThat(SpikeState.decode(st.fold(RULE, 20, 300, 183_000).encode()))
                .isEqualTo(st.fold(RULE, 20, 300, 183_000));
    }

    @Test
    void aBucketIsASpikeOnlyAboveBothTheCountLimitAndTheRatioLimit() {
        SpikeState st = new SpikeState(0, 0, 0, 0, null, 0);
        for (int i = 0; i < 30; i++) {
            st = st.fold(RULE, 5, 95, i * 60_000L); // 5 % failures
        }
        assertThat(st.limit(RULE)).isEqualTo(10);
        assertThat(st.anomalous(RULE, 25, 475)).isFalse(); // five times the traffic, same ratio
        assertThat(st.anomalous(RULE, 25, 95)).isTrue(); // failures up, successes flat
        assertThat(st.anomalous(RULE, 9, 0)).isFalse(); // under the count limit
        SpikeRule countOnly = new SpikeRule("r", "R", Duration.ofMinutes(1), Duration.ZERO, 4, 10, Duration.ofHours(2), 0,
                AlertSeverity.HIGH, true, null);
        assertThat(st.anomalous(countOnly, 25, 475)).isTrue();
    }
}
