package io.authstream.analyzer.bench;

import io.authstream.analyzer.stream.Fixture;
import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * State under attacker-controlled cardinality (not a test): {@code bench.distinct} (1,000,000)
 * failed logins, each from a new random-looking source IP for a new user name, over one hour of
 * event time, through the real topology in a TopologyTestDriver, with a real credential-stuffing
 * attack (25 failures from one IP against 12 users) in the middle. Prints the groups each count
 * rule tracks, the bytes of their group stores, the heap used after GC before and after, and
 * whether the attack alerted. Changelog and repartition records the driver keeps are drained as
 * it goes, so the heap figure is the analyzer's. Run with
 * {@code java -Xmx1g -cp ... io.authstream.analyzer.bench.CardinalityBench}.
 */
public final class CardinalityBench {
    private static final long DISTINCT = Long.getLong("bench.distinct", 1_000_000L);
    private static final String ATTACKER = "203.0.113.77";

    private CardinalityBench() {
    }

    public static void main(String[] args) {
        List<Alert> alerts = new ArrayList<>();
        try (Fixture f = Fixture.defaults()) {
            long heapBefore = usedAfterGc();
            long started = System.nanoTime();
            double step = 3_600_000.0 / DISTINCT;
            int attack = 0;
            for (long i = 0; i < DISTINCT; i++) {
                Instant at = Fixture.T0.plusMillis((long) (i * step));
                long h = i * 0x9E3779B97F4A7C15L; // a new address each time, spread over the whole space
                String ip = (h >>> 56 & 255) + "." + (h >>> 48 & 255) + "." + (h >>> 40 & 255) + "." + (h >>> 32 & 255);
                f.send("fp", at, "ip", ip, "user_name", "user" + i + "@example.com");
                if (i >= DISTINCT / 2 && i % 997 == 0 && attack < 25) {
                    f.send("fp", at, "ip", ATTACKER, "user_name", "victim" + (attack++ % 12) + "@example.com");
                }
                if (i % 20_000 == 0) {
                    alerts.addAll(f.newAlerts());
                    drain(f);
                }
            }
            alerts.addAll(f.newAlerts());
            drain(f);
            double seconds = (System.nanoTime() - started) / 1e9;
            long heapAfter = usedAfterGc();
            System.out.printf("%,d distinct IPs and user names in 1 h of event time, %.1f s (%,.0f events/s)%n", DISTINCT,
                    seconds, DISTINCT / seconds);
            for (String rule : List.of("credential-stuffing", "brute-force", "signup-surge")) {
                KeyValueStore<String, byte[]> s = f.driver().getKeyValueStore(rule + "-groups");
                long n = 0;
                long bytes = 0;
                try (KeyValueIterator<String, byte[]> it = s.all()) {
                    while (it.hasNext()) {
                        KeyValue<String, byte[]> kv = it.next();
                        n++;
                        bytes += kv.key.length() * 2L + kv.value.length;
                    }
                }
                System.out.printf("%-20s groups %,9d  store bytes %,12d  evicted %,10.0f%n", rule, n, bytes,
                        f.metrics().count("authstream.analyzer.groups.evicted", "rule", rule));
            }
            System.out.printf("heap used after GC: before %,d MB, after %,d MB (delta %,d MB)%n", heapBefore >> 20,
                    heapAfter >> 20, (heapAfter - heapBefore) >> 20);
            long fired = alerts.stream().filter(a -> a.rule().equals("credential-stuffing") && a.state() == AlertState.FIRING
                    && ATTACKER.equals(a.group().get("ip"))).count();
            long others = alerts.stream().filter(a -> a.state() == AlertState.FIRING
                    && !ATTACKER.equals(a.group().get("ip"))).count();
            System.out.printf("attack from %s alerted: %s; other alerts fired: %d%n", ATTACKER, fired == 1, others);
        }
    }

    /** Reads away what the driver keeps of changelog and repartition topics, which a broker would hold instead. */
    private static void drain(Fixture f) {
        for (String t : f.driver().producedTopicNames()) {
            if (t.endsWith("-changelog") || t.endsWith("-repartition")) {
                f.driver().createOutputTopic(t, new ByteArrayDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
            }
        }
    }

    private static long usedAfterGc() {
        Runtime r = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return r.totalMemory() - r.freeMemory();
    }
}
