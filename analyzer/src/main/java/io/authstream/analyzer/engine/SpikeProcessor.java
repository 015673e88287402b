package io.authstream.analyzer.engine;

import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertSeverity;
import io.authstream.schemas.record.AlertState;
import io.micrometer.core.instrument.Counter;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Runs one {@link SpikeRule}: counts signals per bucket (fixed buckets with grace) and compares
 * the sliding bucket that ends at each signal with the group's EWMA baseline.
 *
 * <p>Fires at the signal that makes the sliding bucket anomalous once the baseline is warm (the
 * current bucket so far plus the previous one prorated, so a wave across a bucket boundary is
 * judged whole): above
 * {@code max(floor, mean + k·σ)} and, for a rule that {@linkplain SpikeRule#judgesRatio() judges the
 * ratio}, above {@code ratioFactor} times the failures the baseline expects for the bucket's
 * successes so far. Stays open while later closed buckets stay anomalous; resolves at the first
 * closed bucket that is not. Alerts report per-bucket figures in their details: the peak bucket,
 * the total while open and the baseline when the alert fired. Buckets are folded into the
 * baseline when they close on the {@link SourceClock} (end + grace: the slowest source partition's
 * stream time, so a partition that lags during a catch-up still gets its signals into buckets that
 * are open for it); a bucket without signals counts as zero. The baseline starts at the group's
 * first signal.
 *
 * <p>Stores: {@code <rule>-bucket-counts} (key-value, key {@code group key + U+0001 + zero-padded
 * bucket start}, deleted once folded) and {@code <rule>-baseline}. The bucket counts are not kept
 * in a window store: its retention is judged against the highest timestamp any partition has
 * written, so while partitions drift apart in a catch-up it silently skips the lagging ones'
 * writes ("Skipping record for expired segment") and the spike they carry is never seen.
 */
public final class SpikeProcessor implements Processor<String, Signal, String, Alert> {
    /** Slots per bucket for the sliding bucket's previous-bucket part. */
    static final int SLOTS_PER_BUCKET = 12;
    /** Suffix of a bucket's slot-count entry in the bucket store (sorts right after the bucket's own key). */
    static final String SLOTS = "s";
    /** At most this many empty buckets are folded in one go after a long quiet spell. */
    private static final int MAX_CATCH_UP = 24 * 60;
    private final SpikeRule rule;
    private final AnalyzerMetrics metrics;
    private final Duration punctuation;
    private final TimeWindows windows;
    private final long bucketMs;
    private final long graceMs;
    private final SourceClock clock;
    private final Counter lateDropped;
    private final Counter lateAccepted;
    private ProcessorContext<String, Alert> ctx;
    private KeyValueStore<String, byte[]> buckets;
    private KeyValueStore<String, byte[]> baselines;

    SpikeProcessor(SpikeRule rule, AnalyzerMetrics metrics, Duration punctuation, int sources) {
        this.rule = rule;
        this.clock = new SourceClock(sources);
        this.metrics = metrics;
        this.punctuation = punctuation;
        this.lateDropped = metrics.lateDroppedCounter(rule.id());
        this.lateAccepted = metrics.lateAcceptedCounter(rule.id());
        this.windows = TimeWindows.ofSizeAndGrace(rule.bucket(), rule.grace());
        this.bucketMs = windows.size();
        this.graceMs = windows.gracePeriodMs();
    }

    /** @param sources partitions of the events topic, each a source of signals with its own stream time */
    public static ProcessorSupplier<String, Signal, String, Alert> supplier(SpikeRule rule, AnalyzerMetrics metrics,
                                                                            Duration punctuation, boolean inMemory,
                                                                            int sources) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, Signal, String, Alert> get() {
                return new SpikeProcessor(rule, metrics, punctuation, sources);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(store(bucketStoreName(rule), inMemory), store(rule.id() + "-baseline", inMemory));
            }
        };
    }

    /** Name of the rule's bucket-count store. */
    public static String bucketStoreName(SpikeRule rule) {
        return rule.id() + "-bucket-counts";
    }

    private static StoreBuilder<KeyValueStore<String, byte[]>> store(String name, boolean inMemory) {
        return Stores.keyValueStoreBuilder(inMemory ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name),
                Serdes.String(), Serdes.ByteArray()).withCachingDisabled();
    }

    /** The bucket store's key: sorts by group, then by bucket start (zero-padded, so text order is time order). */
    static String bucketKey(String group, long bucketStart) {
        return group + '\u0001' + String.format(Locale.ROOT, "%019d", Math.max(0, bucketStart));
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.ctx = context;
        this.buckets = context.getStateStore(bucketStoreName(rule));
        this.baselines = context.getStateStore(rule.id() + "-baseline");
        clock.start(context.currentSystemTimeMs());
        context.schedule(punctuation, PunctuationType.WALL_CLOCK_TIME, t -> closeBuckets());
    }

    @Override
    public void process(Record<String, Signal> record) {
        Signal s = record.value();
        boolean counts = s.kind() == Signal.Kind.COUNT;
        if (!counts && !(s.kind() == Signal.Kind.SUCCESS && rule.judgesRatio())) {
            return;
        }
        long ts = s.time();
        clock.observe(s.source(), s.sourceTime(), ctx.currentStreamTimeMs(), ctx.currentSystemTimeMs());
        long streamTime = s.lateReference(ctx.currentStreamTimeMs());
        long bucket = ts - Math.floorMod(ts, bucketMs);
        if (bucket + bucketMs + graceMs <= streamTime) {
            if (counts) {
                lateDropped.increment();
            }
            return;
        }
        if (ts < streamTime && counts) {
            lateAccepted.increment();
        }
        String key = record.key();
        SpikeState st = SpikeState.decode(baselines.get(key));
        if (st == null) {
            st = SpikeState.fresh(bucket, bucketMs);
            baselines.put(key, st.encode());
        }
        if (bucket <= st.lastClosed()) {
            return; // the bucket was already folded (closed by wall time while its source stood still): it cannot fire any more
        }
        String bk = bucketKey(key, bucket);
        Evidence ev = Evidence.decode(buckets.get(bk));
        if (ev == null) {
            ev = new Evidence();
        }
        ev.add(s);
        buckets.put(bk, ev.encode());
        int slot = slot(ts - bucket);
        long[] slots = decodeSlots(buckets.get(bk + SLOTS));
        slots[counts ? slot : SLOTS_PER_BUCKET + slot]++;
        buckets.put(bk + SLOTS, encodeSlots(slots));
        if (st.alert() == null) {
            // a success only lowers the ratio, so only a counted signal can make the bucket a spike
            if (counts && st.warm(rule) && !ev.fired()) {
                String pk = bucketKey(key, bucket - bucketMs);
                Evidence prev = Evidence.decode(buckets.get(pk));
                long[] slide = sliding(ev, prev == null ? null : decodeSlots(buckets.get(pk + SLOTS)), ts - bucket);
                if (st.anomalous(rule, slide[0], slide[1])) {
                    long limit = st.limit(rule);
                    ev.markFired();
                    buckets.put(bk, ev.encode());
                    Evidence copy = ev.copy();
                    ActiveAlert a = new ActiveAlert(Alert.idOf(key, bucket), s.tenant(), s.stream(), s.group(), bucket,
                            bucket, bucket + bucketMs, 0, rule.severity(), slide[0], limit, copy);
                    st = st.withAlert(a, limit).withOpened(st.open(bucket, ev.count(), ev.successes()));
                    Map<String, String> crossing = new LinkedHashMap<>();
                    crossing.put("sliding_end", Instant.ofEpochMilli(ts).toString());
                    crossing.put("sliding_count", Long.toString(slide[0]));
                    crossing.put("bucket_count", Long.toString(ev.count()));
                    crossing.put("previous_bucket_count", Long.toString(prev == null ? 0 : prev.count()));
                    emit(a, AlertState.FIRING, rule.severity(), slide[0], limit, st, crossing);
                }
            }
        } else {
            ActiveAlert a = st.alert();
            a.evidence().add(s);
            SpikeState.Opened o = st.opened() == null ? st.open(bucket, ev.count(), ev.successes())
                    : st.opened().seen(bucket, ev.count(), ev.successes());
            st = st.withOpened(o);
            if (counts && rule.updates() && a.evidence().count() >= 2 * Math.max(1, a.lastCount())) {
                emit(a, AlertState.UPDATED, a.severity(), a.evidence().count(), st.alertLimit(), st);
                a = a.emitted(a.severity(), a.evidence().count());
            }
            st = st.withAlert(a, st.alertLimit());
        }
        baselines.put(key, st.encode());
    }

    /**
     * The sliding bucket ending at the signal: this bucket's counts so far plus those of the
     * previous bucket's slots (a twelfth of a bucket each) that lie wholly inside the sliding
     * bucket. A wave that straddles a bucket boundary is judged whole instead of as two halves,
     * each under the limit; the figure is low by at most one slot's signals, never high.
     *
     * @return {failures, successes}
     */
    private long[] sliding(Evidence cur, long[] prevSlots, long intoBucket) {
        long failures = cur.count();
        long successes = cur.successes();
        if (prevSlots != null) {
            for (int j = slot(intoBucket) + 1; j < SLOTS_PER_BUCKET; j++) {
                failures += prevSlots[j];
                successes += prevSlots[SLOTS_PER_BUCKET + j];
            }
        }
        return new long[] {failures, successes};
    }

    private int slot(long intoBucket) {
        return (int) Math.min(SLOTS_PER_BUCKET - 1, intoBucket * SLOTS_PER_BUCKET / bucketMs);
    }

    /** Failures per slot, then successes per slot. */
    static long[] decodeSlots(byte[] b) {
        long[] v = new long[2 * SLOTS_PER_BUCKET];
        if (b != null && b.length == 8 * v.length) {
            ByteBuffer.wrap(b).asLongBuffer().get(v);
        }
        return v;
    }

    static byte[] encodeSlots(long[] v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length);
        b.asLongBuffer().put(v);
        return b.array();
    }

    private void emit(ActiveAlert a, AlertState state, AlertSeverity sev, long count, long limit, SpikeState st) {
        emit(a, state, sev, count, limit, st, Map.of());
    }

    private void emit(ActiveAlert a, AlertState state, AlertSeverity sev, long count, long limit, SpikeState st,
                      Map<String, String> crossing) {
        SpikeState.Opened o = st.opened() != null ? st.opened()
                : st.open(a.windowStart(), a.evidence().count(), a.evidence().successes());
        Map<String, String> extra = new LinkedHashMap<>();
        // the baseline as it was when the alert fired: folding the spike's own buckets must not move it
        extra.put("baseline_mean", String.format(Locale.ROOT, "%.2f", o.mean()));
        extra.put("baseline_sigma", String.format(Locale.ROOT, "%.2f", o.sigma()));
        extra.put("baseline_buckets", Long.toString(st.buckets()));
        extra.put("k", String.format(Locale.ROOT, "%.1f", rule.k()));
        extra.put("floor", Long.toString(rule.floor()));
        extra.put("first_bucket_start", Instant.ofEpochMilli(a.windowStart()).toString());
        extra.put("peak_bucket_start", Instant.ofEpochMilli(o.peakStart()).toString());
        extra.put("peak_bucket_count", Long.toString(o.peakFailures()));
        extra.put("total_while_open", Long.toString(a.evidence().count()));
        if (rule.judgesRatio()) {
            extra.put("peak_bucket_successes", Long.toString(o.peakSuccesses()));
            extra.put("bucket_failure_ratio", percent(o.peakFailures(), o.peakFailures() + o.peakSuccesses()));
            extra.put("baseline_failure_ratio", String.format(Locale.ROOT, "%.1f", 100 * o.ratio()));
            extra.put("ratio_factor", String.format(Locale.ROOT, "%.1f", rule.ratioFactor()));
        }
        extra.putAll(crossing);
        Alert alert = AlertWriter.write(rule.id(), rule.title(), rule.text(), a, state, sev, count, limit, rule.bucket(),
                false, true, extra, ctx.currentSystemTimeMs());
        metrics.alert(rule.id(), state.id());
        ctx.forward(new Record<>(alert.id(), alert, ctx.currentSystemTimeMs()));
    }

    private static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.1f", whole == 0 ? 0.0 : 100.0 * part / whole);
    }

    /** Folds every closed bucket into its group's baseline and resolves alerts whose spike is over. */
    void closeBuckets() {
        long now = clock.now(ctx.currentSystemTimeMs());
        if (now == Long.MIN_VALUE) {
            return; // still waiting to hear from every source partition after start
        }
        List<KeyValue<String, SpikeState>> all = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = baselines.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                all.add(KeyValue.pair(kv.key, SpikeState.decode(kv.value)));
            }
        }
        for (KeyValue<String, SpikeState> kv : all) {
            SpikeState st = kv.value;
            long next = st.lastClosed() + bucketMs;
            if (next + bucketMs + graceMs > now) {
                continue;
            }
            Map<String, Evidence> counts = new HashMap<>();
            try (KeyValueIterator<String, byte[]> it = buckets.range(bucketKey(kv.key, 0), bucketKey(kv.key, now))) {
                while (it.hasNext()) {
                    KeyValue<String, byte[]> w = it.next();
                    counts.put(w.key, w.key.endsWith(SLOTS) ? null : Evidence.decode(w.value));
                }
            }
            Evidence none = new Evidence();
            int steps = 0;
            while (next + bucketMs + graceMs <= now && steps < MAX_CATCH_UP) {
                String bk = bucketKey(kv.key, next);
                Evidence bucketEv = counts.get(bk);
                if (bucketEv == null) { // no signal in that bucket (or the key is the bucket's slot entry)
                    bucketEv = none;
                }
                long x = bucketEv.count();
                long ok = bucketEv.successes();
                if (st.alert() != null) {
                    ActiveAlert a = st.alert();
                    boolean spike = st.anomalous(rule, x, ok);
                    if (spike && next > a.trackedStart()) {
                        st = st.withAlert(a.withTracked(next, next + bucketMs), st.alertLimit());
                    } else if (next >= a.trackedStart() && !spike) {
                        ActiveAlert done = a.withTracked(a.trackedStart(), Math.max(a.trackedEnd(), next + bucketMs));
                        emit(done, AlertState.RESOLVED, a.severity(), a.evidence().count(), st.alertLimit(), st);
                        st = st.withAlert(null, 0);
                    }
                }
                st = st.fold(rule, x, ok, next);
                next += bucketMs;
                steps++;
            }
            if (steps == MAX_CATCH_UP && next + bucketMs + graceMs <= now) {
                // a long quiet spell: skip ahead, the baseline has already decayed to (near) zero
                long skipTo = now - graceMs - bucketMs;
                st = st.skippedTo(skipTo - Math.floorMod(skipTo, bucketMs) - bucketMs);
            }
            baselines.put(kv.key, st.encode());
            // folded buckets live on in the baseline and a late signal for one is ignored: all but the last can go
            // (the last closed one still feeds the sliding bucket of the one after it)
            String keep = bucketKey(kv.key, st.lastClosed());
            counts.keySet().stream().filter(k -> k.compareTo(keep) < 0).forEach(buckets::delete);
        }
    }
}
