package io.authstream.analyzer.detection;

import static io.authstream.analyzer.stream.Fixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.analyzer.engine.Signal;
import io.authstream.analyzer.engine.SignalSerde;
import io.authstream.analyzer.stream.Fixture;
import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A spike rule during a catch-up: the signals of one tenant reach the spike processor from three
 * source partitions, and while a backlog is replayed one of them can be hours of event time behind
 * the others. The slow partition's spike must still fire (issue 11: catch-up is lossless). Signals
 * are piped straight into the repartition topic so that each carries the source partition and
 * stream time the first stage would have stamped on it.
 */
class SpikeCatchUpTest {
    private final Fixture f = new Fixture(Map.of("topics.partitions", "3",
            "analyzer.detections.failure-spike.warmup-buckets", "10", "analyzer.detections.failure-spike.floor", "10",
            "analyzer.detections.failure-spike.k", "3", "analyzer.detections.failure-spike.grace", "0s"));
    private final TestInputTopic<String, Signal> signals = f.driver().createInputTopic(
            "authstream-analyzer-signals-repartition", new StringSerializer(), SignalSerde.serde().serializer());
    private int seq;

    @AfterEach
    void close() {
        f.close();
    }

    private void failure(int source, Instant at) {
        Signal s = new Signal(FailureSpike.NAME, "acme", "prod", Map.of(), Signal.Kind.COUNT, "log-" + (++seq),
                at.toEpochMilli(), "u" + seq, "192.0.2." + (seq % 200), Map.of()).withSource(source, at.toEpochMilli());
        signals.pipeInput(s.key(), s, at);
    }

    @Test
    void aSpikeOnAPartitionHoursBehindTheOthersStillFires() {
        for (int m = 0; m < 12; m++) { // a warm baseline of three failures a minute, one per partition
            for (int p = 0; p < 3; p++) {
                failure(p, T0.plus(Duration.ofMinutes(m)).plusSeconds(p));
            }
            f.advanceWallClock(Duration.ofSeconds(5));
        }
        assertThat(f.newAlerts(FailureSpike.NAME)).isEmpty();
        // partitions 0 and 2 race three hours ahead (a replayed backlog: no wall time passes)
        for (int m = 12; m < 180; m++) {
            failure(0, T0.plus(Duration.ofMinutes(m)));
            failure(2, T0.plus(Duration.ofMinutes(m)).plusSeconds(1));
        }
        assertThat(f.newAlerts(FailureSpike.NAME)).isEmpty();
        // partition 1 is still in minute 12, and that minute is a spike
        for (int i = 0; i < 11; i++) {
            failure(1, T0.plus(Duration.ofMinutes(12)).plusMillis(100L * i));
        }
        List<Alert> fired = f.firing(f.newAlerts(FailureSpike.NAME));
        assertThat(fired).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(AlertState.FIRING);
            assertThat(a.windowStart()).isEqualTo(T0.plus(Duration.ofMinutes(12)));
            assertThat(a.count()).isGreaterThanOrEqualTo(11);
        });
        assertThat(f.metrics().lateDroppedCounter(FailureSpike.NAME).count()).isZero();
    }
}
