package io.authstream.archive;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets may be committed: per partition, only up to the first record that Elasticsearch (or
 * the dead-letter topic) has not acknowledged yet. Records are acknowledged out of order (several
 * bulks are in flight, retries reorder them), so each partition keeps its records in arrival
 * order and the commit point moves past a record only when it and everything before it are done.
 *
 * <p>Contiguity is over the records received, not over offset numbers: transactional topics (the
 * analyzer's alerts) have gaps where commit markers sit.
 *
 * <p>Used only by the consumer's thread. A partition's state is dropped when it is revoked; a
 * late acknowledgement for a dropped state is ignored, because that partition's new owner will
 * re-read from its committed offset and the {@code create}-by-{@code log_id} makes the re-write a no-op.
 */
final class OffsetTracker {
    private final Map<TopicPartition, Partition> partitions = new HashMap<>();

    /** One record awaiting acknowledgement. */
    static final class Pending {
        final Partition partition;
        final long offset;
        boolean done;

        Pending(Partition partition, long offset) {
            this.partition = partition;
            this.offset = offset;
        }
    }

    /** The state of one assigned partition. */
    static final class Partition {
        final TopicPartition tp;
        private final ArrayDeque<Pending> inOrder = new ArrayDeque<>();
        private long committable = -1;
        private long lastCommitted = -1;
        volatile boolean revoked;

        Partition(TopicPartition tp) {
            this.tp = tp;
        }

        /** Moves the commit point past every leading acknowledged record. */
        void advance() {
            while (!inOrder.isEmpty() && inOrder.peekFirst().done) {
                committable = inOrder.pollFirst().offset + 1;
            }
        }

        int pendingCount() {
            return inOrder.size();
        }
    }

    void assigned(TopicPartition tp) {
        partitions.put(tp, new Partition(tp));
    }

    /** Forgets a partition; acknowledgements still in flight for it will be ignored. */
    Optional<Partition> revoked(TopicPartition tp) {
        Partition p = partitions.remove(tp);
        if (p != null) {
            p.revoked = true;
        }
        return Optional.ofNullable(p);
    }

    /** Registers a record just polled; offsets of one partition arrive in increasing order. */
    Pending received(TopicPartition tp, long offset) {
        Partition p = partitions.computeIfAbsent(tp, Partition::new);
        Pending r = new Pending(p, offset);
        p.inOrder.addLast(r);
        return r;
    }

    /** Marks a record acknowledged (indexed, duplicate, or dead-lettered). */
    void acknowledged(Pending r) {
        if (r.partition.revoked || partitions.get(r.partition.tp) != r.partition) {
            return;
        }
        r.done = true;
        r.partition.advance();
    }

    /** Offsets that moved since the last {@link #markCommitted}: partition → next offset to read. */
    Map<TopicPartition, Long> toCommit() {
        Map<TopicPartition, Long> out = new HashMap<>();
        partitions.forEach((tp, p) -> {
            if (p.committable > p.lastCommitted) {
                out.put(tp, p.committable);
            }
        });
        return out;
    }

    /** The commit point of one partition, if any record of it was acknowledged. */
    OptionalLong committable(TopicPartition tp) {
        Partition p = partitions.get(tp);
        return p == null || p.committable < 0 ? OptionalLong.empty() : OptionalLong.of(p.committable);
    }

    void markCommitted(Map<TopicPartition, Long> offsets) {
        offsets.forEach((tp, off) -> {
            Partition p = partitions.get(tp);
            if (p != null && off > p.lastCommitted) {
                p.lastCommitted = off;
            }
        });
    }

    /** After a failed asynchronous commit: the next {@link #toCommit} offers these partitions again. */
    void commitFailed(java.util.Set<TopicPartition> tps) {
        tps.forEach(tp -> {
            Partition p = partitions.get(tp);
            if (p != null) {
                p.lastCommitted = -1;
            }
        });
    }

    /** Records received but not yet acknowledged, over all partitions. */
    int pending() {
        int n = 0;
        for (Partition p : partitions.values()) {
            n += p.pendingCount();
        }
        return n;
    }
}
