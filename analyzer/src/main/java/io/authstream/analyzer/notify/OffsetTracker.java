package io.authstream.analyzer.notify;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets may be committed: for each partition, everything below the oldest record whose
 * deliveries are still in flight. So a crash re-reads (and re-delivers) at most what was not done,
 * and never skips an alert that was not delivered. Thread-safe.
 */
final class OffsetTracker {
    private final Map<TopicPartition, TreeMap<Long, Integer>> pending = new HashMap<>();
    private final Map<TopicPartition, Long> next = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    /** A record was read and handed to {@code deliveries} deliveries (0 means it is done already). */
    synchronized void read(TopicPartition tp, long offset, int deliveries) {
        next.merge(tp, offset + 1, Math::max);
        if (deliveries > 0) {
            pending.computeIfAbsent(tp, k -> new TreeMap<>()).merge(offset, deliveries, Integer::sum);
        }
    }

    /** One delivery of the record finished (delivered or given up). */
    synchronized void done(TopicPartition tp, long offset) {
        TreeMap<Long, Integer> p = pending.get(tp);
        if (p == null) {
            return;
        }
        p.computeIfPresent(offset, (k, v) -> v <= 1 ? null : v - 1);
    }

    /** Offsets that can be committed now and were not committed before. */
    synchronized Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (Map.Entry<TopicPartition, Long> e : next.entrySet()) {
            TreeMap<Long, Integer> p = pending.get(e.getKey());
            long upTo = p == null || p.isEmpty() ? e.getValue() : p.firstKey();
            if (!Long.valueOf(upTo).equals(committed.get(e.getKey()))) {
                out.put(e.getKey(), new OffsetAndMetadata(upTo));
            }
        }
        return out;
    }

    synchronized void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, o) -> committed.put(tp, o.offset()));
    }

    /** Forgets partitions this consumer no longer owns. */
    synchronized void revoked(java.util.Collection<TopicPartition> tps) {
        tps.forEach(tp -> {
            pending.remove(tp);
            next.remove(tp);
            committed.remove(tp);
        });
    }

    synchronized int inFlight() {
        return pending.values().stream().mapToInt(m -> m.values().stream().mapToInt(Integer::intValue).sum()).sum();
    }
}
