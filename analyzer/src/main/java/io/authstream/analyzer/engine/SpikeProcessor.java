package io.authstream.analyzer.engine;

import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertSeverity;
import io.authstream.schemas.record.AlertState;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
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
import org.apache.kafka.streams.state.WindowStore;

/**
 * Runs one {@link SpikeRule}: counts signals per bucket (tumbling windows with grace) and compares
 * the current bucket with the group's EWMA baseline.
 *
 * <p>Fires at the signal that takes the current bucket above {@code max(floor, mean + k·σ)} once the
 * baseline is warm; stays open while later closed buckets stay above their limit; resolves at the
 * first closed bucket at or below it. Buckets are folded into the baseline when they close on the
 * {@link EffectiveClock} (end + grace); a bucket without signals counts as zero. The baseline
 * starts at the group's first signal. Stores: {@code <rule>-buckets}, {@code <rule>-baseline}.
 */
public final class SpikeProcessor implements Processor<String, Signal, String, Alert> {
    /** At most this many empty buckets are folded in one go after a long quiet spell. */
    private static final int MAX_CATCH_UP = 24 * 60;
    private final SpikeRule rule;
    private final AnalyzerMetrics metrics;
    private final Duration punctuation;
    private final TimeWindows windows;
    private final long bucketMs;
    private final long graceMs;
    private final EffectiveClock clock = new EffectiveClock();
    private final Counter lateDropped;
    private final Counter lateAccepted;
    private ProcessorContext<String, Alert> ctx;
    private WindowStore<String, byte[]> buckets;
    private KeyValueStore<String, byte[]> baselines;

    SpikeProcessor(SpikeRule rule, AnalyzerMetrics metrics, Duration punctuation) {
        this.rule = rule;
        this.metrics = metrics;
        this.punctuation = punctuation;
        this.lateDropped = metrics.lateDroppedCounter(rule.id());
        this.lateAccepted = metrics.lateAcceptedCounter(rule.id());
        this.windows = TimeWindows.ofSizeAndGrace(rule.bucket(), rule.grace());
        this.bucketMs = windows.size();
        this.graceMs = windows.gracePeriodMs();
    }

    public static ProcessorSupplier<String, Signal, String, Alert> supplier(SpikeRule rule, AnalyzerMetrics metrics,
                                                                            Duration punctuation, boolean inMemory) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, Signal, String, Alert> get() {
                return new SpikeProcessor(rule, metrics, punctuation);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                String b = rule.id() + "-buckets";
                String s = rule.id() + "-baseline";
                // buckets are kept a little past closing so a punctuation that runs late still finds them
                Duration retention = rule.bucket().multipliedBy(3).plus(rule.grace()).plus(punctuation)
                        .plus(ThresholdProcessor.SKEW_ALLOWANCE);
                return Set.of(
                        Stores.windowStoreBuilder(inMemory ? Stores.inMemoryWindowStore(b, retention, rule.bucket(), false)
                                : Stores.persistentWindowStore(b, retention, rule.bucket(), false),
                                Serdes.String(), Serdes.ByteArray()).withCachingDisabled(),
                        Stores.keyValueStoreBuilder(inMemory ? Stores.inMemoryKeyValueStore(s) : Stores.persistentKeyValueStore(s),
                                Serdes.String(), Serdes.ByteArray()).withCachingDisabled());
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.ctx = context;
        this.buckets = context.getStateStore(rule.id() + "-buckets");
        this.baselines = context.getStateStore(rule.id() + "-baseline");
        context.schedule(punctuation, PunctuationType.WALL_CLOCK_TIME, t -> closeBuckets());
    }

    @Override
    public void process(Record<String, Signal> record) {
        Signal s = record.value();
        if (s.kind() != Signal.Kind.COUNT) {
            return;
        }
        long ts = s.time();
        clock.now(ctx); // note when stream time moved, so wall time only counts from there
        long streamTime = s.lateReference(ctx.currentStreamTimeMs());
        long bucket = ts - Math.floorMod(ts, bucketMs);
        if (bucket + bucketMs + graceMs <= streamTime) {
            lateDropped.increment();
            return;
        }
        if (ts < streamTime) {
            lateAccepted.increment();
        }
        String key = record.key();
        Evidence ev = Evidence.decode(buckets.fetch(key, bucket));
        if (ev == null) {
            ev = new Evidence();
        }
        long before = ev.count();
        ev.add(s);
        buckets.put(key, ev.encode(), bucket);
        SpikeState st = SpikeState.decode(baselines.get(key));
        if (st == null) {
            st = SpikeState.fresh(bucket, bucketMs);
        }
        if (bucket <= st.lastClosed()) {
            baselines.put(key, st.encode());
            return; // the bucket was already folded (closed by wall time); counted, but it cannot fire any more
        }
        long limit = st.limit(rule);
        if (st.alert() == null && st.warm(rule) && before <= limit && ev.count() > limit) {
            Evidence copy = ev.copy();
            ActiveAlert a = new ActiveAlert(Alert.idOf(key, bucket), s.tenant(), s.stream(), s.group(), bucket, bucket,
                    bucket + bucketMs, 0, rule.severity(), copy.count(), limit, copy);
            emit(a, AlertState.FIRING, rule.severity(), copy.count(), limit, st);
            st = st.withAlert(a, limit);
        } else if (st.alert() != null) {
            ActiveAlert a = st.alert();
            a.evidence().add(s);
            if (rule.updates() && a.evidence().count() >= 2 * Math.max(1, a.lastCount())) {
                emit(a, AlertState.UPDATED, a.severity(), a.evidence().count(), st.alertLimit(), st);
                a = a.emitted(a.severity(), a.evidence().count());
            }
            st = st.withAlert(a, st.alertLimit());
        }
        baselines.put(key, st.encode());
    }

    private void emit(ActiveAlert a, AlertState state, AlertSeverity sev, long count, long limit, SpikeState st) {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("baseline_mean", String.format(Locale.ROOT, "%.2f", st.mean()));
        extra.put("baseline_sigma", String.format(Locale.ROOT, "%.2f", st.sigma()));
        extra.put("baseline_buckets", Long.toString(st.buckets()));
        extra.put("k", String.format(Locale.ROOT, "%.1f", rule.k()));
        extra.put("floor", Long.toString(rule.floor()));
        Alert alert = AlertWriter.write(rule.id(), rule.title(), rule.text(), a, state, sev, count, limit, rule.bucket(),
                false, true, extra, ctx.currentSystemTimeMs());
        metrics.alert(rule.id(), state.id());
        ctx.forward(new Record<>(alert.id(), alert, ctx.currentSystemTimeMs()));
    }

    /** Folds every closed bucket into its group's baseline and resolves alerts whose spike is over. */
    void closeBuckets() {
        long now = clock.now(ctx);
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
            Map<Long, Long> counts = new HashMap<>();
            try (var it = buckets.fetch(kv.key, next, now)) {
                while (it.hasNext()) {
                    KeyValue<Long, byte[]> w = it.next();
                    counts.put(w.key, Evidence.decode(w.value).count());
                }
            }
            int folded = 0;
            while (next + bucketMs + graceMs <= now && folded < MAX_CATCH_UP) {
                long x = counts.getOrDefault(next, 0L);
                if (st.alert() != null) {
                    ActiveAlert a = st.alert();
                    if (x > st.limit(rule) && next > a.trackedStart()) {
                        st = st.withAlert(a.withTracked(next, next + bucketMs), st.alertLimit());
                    } else if (next >= a.trackedStart() && x <= st.limit(rule)) {
                        ActiveAlert done = a.withTracked(a.trackedStart(), Math.max(a.trackedEnd(), next + bucketMs));
                        emit(done, AlertState.RESOLVED, a.severity(), a.evidence().count(), st.alertLimit(), st);
                        st = st.withAlert(null, 0);
                    }
                }
                st = st.fold(rule, x, next);
                next += bucketMs;
                folded++;
            }
            if (folded == MAX_CATCH_UP && next + bucketMs + graceMs <= now) {
                // a long quiet spell: skip ahead, the baseline has already decayed to (near) zero
                long skipTo = now - graceMs - bucketMs;
                st = new SpikeState(st.mean(), st.variance(), st.buckets(), skipTo - Math.floorMod(skipTo, bucketMs) - bucketMs,
                        st.alert(), st.alertLimit());
            }
            baselines.put(kv.key, st.encode());
        }
    }
}
