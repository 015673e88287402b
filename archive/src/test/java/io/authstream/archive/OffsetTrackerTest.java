package io.authstream.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {
    private final TopicPartition p0 = new TopicPartition("auth0-log-events", 0);
    private final TopicPartition p1 = new TopicPartition("auth0-log-events", 1);

    @Test
    void commitsOnlyTheContiguousAcknowledgedPrefix() {
        OffsetTracker t = new OffsetTracker();
        t.assigned(p0);
        OffsetTracker.Pending a = t.received(p0, 10);
        OffsetTracker.Pending b = t.received(p0, 11);
        OffsetTracker.Pending c = t.received(p0, 12);
        t.acknowledged(c);
        t.acknowledged(b);
        assertThat(t.toCommit()).as("offset 10 is still in flight").isEmpty();
        t.acknowledged(a);
        assertThat(t.toCommit()).containsExactly(Map.entry(p0, 13L));
    }

    @Test
    void gapsInOffsetsDoNotBlockTheCommitPoint() {
        OffsetTracker t = new OffsetTracker();
        t.assigned(p0);
        OffsetTracker.Pending a = t.received(p0, 4);
        OffsetTracker.Pending b = t.received(p0, 7); // 5 and 6 were transaction markers
        t.acknowledged(a);
        t.acknowledged(b);
        assertThat(t.toCommit()).containsExactly(Map.entry(p0, 8L));
    }

    @Test
    void partitionsAreTrackedIndependentlyAndOnlyChangesAreOffered() {
        OffsetTracker t = new OffsetTracker();
        t.assigned(p0);
        t.assigned(p1);
        OffsetTracker.Pending a = t.received(p0, 0);
        OffsetTracker.Pending b = t.received(p1, 0);
        t.received(p1, 1);
        t.acknowledged(a);
        t.acknowledged(b);
        Map<TopicPartition, Long> first = t.toCommit();
        assertThat(first).containsOnly(Map.entry(p0, 1L), Map.entry(p1, 1L));
        t.markCommitted(first);
        assertThat(t.toCommit()).isEmpty();
        assertThat(t.pending()).isEqualTo(1);
        t.commitFailed(Set.of(p0));
        assertThat(t.toCommit()).containsOnly(Map.entry(p0, 1L));
    }

    @Test
    void lateAcknowledgementOfARevokedPartitionIsIgnored() {
        OffsetTracker t = new OffsetTracker();
        t.assigned(p0);
        OffsetTracker.Pending a = t.received(p0, 5);
        t.revoked(p0);
        t.assigned(p0);
        t.acknowledged(a);
        assertThat(t.toCommit()).isEmpty();
        assertThat(t.committable(p0)).isEmpty();
    }
}
