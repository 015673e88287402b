package io.authstream.analyzer.engine;

import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertSeverity;
import io.authstream.schemas.record.AlertState;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
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
 * Runs one {@link ThresholdRule} over the signals of its groups.
 *
 * <p>Life cycle per group: a window fires at the signal that makes its count reach the threshold
 * (not at window close), at most once ({@link Evidence#fired()}), and only if the group has no
 * open alert; otherwise the open alert already covers it. While open, every signal of the group
 * feeds the alert's evidence; an update is emitted when severity rises or (if enabled) the count
 * doubles. When the tracked window closes (end + grace passed on the {@link EffectiveClock}) the
 * alert moves on to a later window of the group that is still at or over threshold, or resolves.
 *
 * <p>Lateness is judged against the source partition's stream time ({@link Signal#sourceTime}), so
 * the repartition's interleaving of partitions does not make on-time events late.
 *
 * <p>State: {@code <rule>-windows} (window store, retention = window + grace + 15 min allowance for
 * source partitions running apart) and
 * {@code <rule>-alerts} (open alerts only), both change-logged, in memory or RocksDB.
 */
public final class ThresholdProcessor implements Processor<String, Signal, String, Alert> {
    /** How far apart in event time the source partitions may run while a backlog is replayed. */
    static final Duration SKEW_ALLOWANCE = Duration.ofMinutes(15);
    private final ThresholdRule rule;
    private final AnalyzerMetrics metrics;
    private final Duration punctuation;
    private final TimeWindows windows;
    private final long graceMs;
    private final long sizeMs;
    private final EffectiveClock clock = new EffectiveClock();
    private final Counter lateDropped;
    private final Counter lateAccepted;
    private ProcessorContext<String, Alert> ctx;
    private WindowStore<String, byte[]> windowStore;
    private KeyValueStore<String, byte[]> alertStore;

    ThresholdProcessor(ThresholdRule rule, AnalyzerMetrics metrics, Duration punctuation) {
        this.rule = rule;
        this.metrics = metrics;
        this.punctuation = punctuation;
        this.lateDropped = metrics.lateDroppedCounter(rule.id());
        this.lateAccepted = metrics.lateAcceptedCounter(rule.id());
        this.windows = rule.windows();
        this.graceMs = windows.gracePeriodMs();
        this.sizeMs = windows.size();
    }

    /** The supplier, carrying its two stores. */
    public static ProcessorSupplier<String, Signal, String, Alert> supplier(ThresholdRule rule, AnalyzerMetrics metrics,
                                                                            Duration punctuation, boolean inMemory) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, Signal, String, Alert> get() {
                return new ThresholdProcessor(rule, metrics, punctuation);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                // kept longer than window + grace by the allowance for source partitions running apart (see Signal#sourceTime)
                Duration retention = rule.retention().plus(SKEW_ALLOWANCE);
                String w = rule.id() + "-windows";
                String a = rule.id() + "-alerts";
                return Set.of(
                        Stores.windowStoreBuilder(inMemory ? Stores.inMemoryWindowStore(w, retention, rule.window(), false)
                                : Stores.persistentWindowStore(w, retention, rule.window(), false),
                                Serdes.String(), Serdes.ByteArray()).withCachingDisabled(),
                        Stores.keyValueStoreBuilder(inMemory ? Stores.inMemoryKeyValueStore(a) : Stores.persistentKeyValueStore(a),
                                Serdes.String(), Serdes.ByteArray()).withCachingDisabled());
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.ctx = context;
        this.windowStore = context.getStateStore(rule.id() + "-windows");
        this.alertStore = context.getStateStore(rule.id() + "-alerts");
        context.schedule(punctuation, PunctuationType.WALL_CLOCK_TIME, t -> closeWindows());
    }

    @Override
    public void process(Record<String, Signal> record) {
        Signal s = record.value();
        long ts = s.time();
        clock.now(ctx); // note when stream time moved, so wall time only counts from there
        long streamTime = s.lateReference(ctx.currentStreamTimeMs());
        String key = record.key();
        ActiveAlert active = decodeAlert(alertStore.get(key));
        boolean countedAny = false;
        boolean firedNow = false;
        for (long start : windows.windowsFor(ts).keySet()) {
            if (start + sizeMs + graceMs <= streamTime) {
                continue; // this window is closed for good
            }
            countedAny = true;
            Evidence ev = Evidence.decode(windowStore.fetch(key, start));
            if (ev == null) {
                if (s.kind() != Signal.Kind.COUNT && active == null) {
                    continue; // evidence alone never opens a window: keeps success-only groups out of state
                }
                ev = new Evidence();
            }
            long before = ev.count();
            ev.add(s);
            if (s.kind() == Signal.Kind.COUNT && before < rule.threshold() && ev.count() >= rule.threshold() && !ev.fired()) {
                ev.markFired();
                if (active == null) {
                    active = fire(key, s, start, ev);
                    firedNow = true;
                }
            }
            windowStore.put(key, ev.encode(), start);
        }
        if (!countedAny) {
            lateDropped.increment();
            return;
        }
        if (ts < streamTime) {
            lateAccepted.increment();
        }
        if (active != null && !firedNow) {
            active.evidence().add(s);
            active = maybeUpdate(active);
            alertStore.put(key, active.encode());
        }
    }

    private ActiveAlert fire(String key, Signal s, long start, Evidence windowEvidence) {
        Evidence ev = windowEvidence.copy();
        AlertSeverity sev = rule.escalation().severity(rule.severity(), ev);
        ActiveAlert a = new ActiveAlert(io.authstream.schemas.record.Alert.idOf(key, start), s.tenant(), s.stream(),
                s.group(), start, start, start + sizeMs, 0, sev, ev.count(), rule.threshold(), ev);
        emit(a, AlertState.FIRING, sev, ev.count());
        alertStore.put(key, a.encode());
        return a;
    }

    private ActiveAlert maybeUpdate(ActiveAlert a) {
        Evidence ev = a.evidence();
        AlertSeverity sev = rule.escalation().severity(rule.severity(), ev);
        if (sev.compareTo(a.severity()) < 0) {
            sev = a.severity(); // severity never drops while open
        }
        boolean rose = sev.compareTo(a.severity()) > 0;
        boolean doubled = rule.updates() && ev.count() >= 2 * Math.max(1, a.lastCount());
        if (!rose && !doubled) {
            return a;
        }
        emit(a, AlertState.UPDATED, sev, ev.count());
        return a.emitted(sev, ev.count());
    }

    private void emit(ActiveAlert a, AlertState state, AlertSeverity sev, long count) {
        long now = ctx.currentSystemTimeMs();
        Alert alert = AlertWriter.write(rule.id(), rule.title(), rule.text(), a, state, sev, count, rule.threshold(),
                rule.window(), rule.distinctUsers(), rule.distinctIps(), Map.of(), now);
        metrics.alert(rule.id(), state.id());
        // stamped with the wall clock: event time may be far in the past (a replay), and the broker may refuse it
        ctx.forward(new Record<>(alert.id(), alert, now));
    }

    /** Resolves or carries forward every open alert whose tracked window has closed. */
    void closeWindows() {
        long now = clock.now(ctx);
        List<KeyValue<String, ActiveAlert>> closed = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = alertStore.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                ActiveAlert a = ActiveAlert.decode(kv.value);
                if (a.trackedEnd() + graceMs <= now) {
                    closed.add(KeyValue.pair(kv.key, a));
                }
            }
        }
        for (KeyValue<String, ActiveAlert> kv : closed) {
            ActiveAlert a = kv.value;
            Long next = null;
            try (var it = windowStore.fetch(kv.key, a.trackedStart() + 1, Long.MAX_VALUE)) {
                while (it.hasNext() && next == null) {
                    KeyValue<Long, byte[]> w = it.next();
                    Evidence ev = Evidence.decode(w.value);
                    if (ev.count() >= rule.threshold() && w.key + sizeMs + graceMs > now) {
                        next = w.key;
                    }
                }
            }
            if (next != null) {
                alertStore.put(kv.key, a.withTracked(next, next + sizeMs).encode());
            } else {
                emit(a, AlertState.RESOLVED, a.severity(), a.evidence().count());
                alertStore.delete(kv.key);
            }
        }
    }

    private static ActiveAlert decodeAlert(byte[] b) {
        return b == null ? null : ActiveAlert.decode(b);
    }
}
