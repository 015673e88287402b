package io.authstream.analyzer.engine;

import io.authstream.analyzer.engine.SequenceState.Entry;
import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertState;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
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
 * Runs a {@link SequenceRule}: remembers each group's recent step events ({@link SequenceState},
 * bounded per step and by the rule's horizon) and fires once when {@link SequenceMatcher} finds a
 * complete chain; the chain's events are then forgotten, so the same chain never fires twice. Only
 * an event of the first step opens a group's state (later steps' events of a group not yet tracked
 * are ignored: most logins have no failures before them); within a tracked group arrival order does
 * not matter. The
 * alert cites every step's {@code log_id}s in its details and resolves {@code resolveAfter} later
 * (wall clock). At most {@code maxKeys} groups are tracked; signals of new groups beyond that are
 * dropped and counted ({@code authstream.analyzer.sequence.dropped}). Store: {@code <rule>-chains}.
 */
public final class SequenceProcessor implements Processor<String, Signal, String, Alert> {
    private static final Duration SWEEP_AT_MOST = Duration.ofSeconds(30);
    private final SequenceRule rule;
    private final AnalyzerMetrics metrics;
    private final Duration punctuation;
    private final Counter dropped;
    private ProcessorContext<String, Alert> ctx;
    private KeyValueStore<String, byte[]> store;

    SequenceProcessor(SequenceRule rule, AnalyzerMetrics metrics, Duration punctuation) {
        this.rule = rule;
        this.metrics = metrics;
        this.punctuation = punctuation;
        this.dropped = metrics.registry().counter("authstream.analyzer.sequence.dropped", "rule", rule.id());
    }

    public static ProcessorSupplier<String, Signal, String, Alert> supplier(SequenceRule rule, AnalyzerMetrics metrics,
                                                                            Duration punctuation, boolean inMemory) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, Signal, String, Alert> get() {
                return new SequenceProcessor(rule, metrics, punctuation);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                String n = rule.id() + "-chains";
                return Set.of(Stores.keyValueStoreBuilder(inMemory ? Stores.inMemoryKeyValueStore(n)
                        : Stores.persistentKeyValueStore(n), Serdes.String(), Serdes.ByteArray()).withCachingDisabled());
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.ctx = context;
        this.store = context.getStateStore(rule.id() + "-chains");
        // a sweep reads every tracked group: at most twice a minute, resolution a few seconds late is harmless
        Duration every = punctuation.compareTo(SWEEP_AT_MOST) < 0 ? SWEEP_AT_MOST : punctuation;
        context.schedule(every, PunctuationType.WALL_CLOCK_TIME, t -> sweep());
    }

    @Override
    public void process(Record<String, Signal> record) {
        Signal s = record.value();
        String step = s.attrs().get(SequenceRule.STEP);
        // SUCCESS-kind step signals are as good as COUNT ones: events are deduplicated here by log_id, so
        // detections may send frequent steps (logins) as SUCCESS and keep them out of the first stage's dedup store
        if ((s.kind() != Signal.Kind.COUNT && s.kind() != Signal.Kind.SUCCESS) || step == null) {
            return;
        }
        byte[] stored = store.get(record.key());
        if (stored == null && !step.equals(rule.steps().get(0).name())) {
            return; // only a first step opens a group: keeps the (many) groups with logins but no failures out of state
        }
        if (stored == null && store.approximateNumEntries() >= rule.maxKeys()) {
            dropped.increment();
            return;
        }
        SequenceState state = SequenceState.decode(stored);
        Map<String, String> attrs = new LinkedHashMap<>(s.attrs());
        attrs.remove(SequenceRule.STEP);
        if (!state.add(new Entry(step, s.logId(), s.time(), s.user(), s.ip(), attrs), rule)) {
            store.put(record.key(), state.encode());
            return;
        }
        Optional<List<List<Entry>>> chain = SequenceMatcher.find(rule, state.entries);
        if (chain.isPresent()) {
            fire(state, s, chain.get());
        }
        store.put(record.key(), state.encode());
    }

    private void fire(SequenceState state, Signal s, List<List<Entry>> chain) {
        Evidence ev = new Evidence();
        Map<String, String> details = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < chain.size(); i++) {
            String name = rule.steps().get(i).name();
            List<Entry> events = chain.get(i);
            for (Entry e : events) {
                ev.add(new Signal(rule.id(), s.tenant(), s.stream(), s.group(), Signal.Kind.COUNT, e.logId(), e.time(),
                        e.user(), e.ip(), e.attrs()));
            }
            List<String> ids = events.stream().map(Entry::logId).toList();
            details.put(name + "_log_ids", String.join(",", ids));
            text.append(i == 0 ? "" : " -> ").append(name).append(" [").append(String.join(", ", ids)).append(']');
        }
        details.put("chain", text.toString());
        long first = chain.get(0).get(0).time();
        List<Entry> last = chain.get(chain.size() - 1);
        long completed = last.get(last.size() - 1).time();
        ActiveAlert a = new ActiveAlert(Alert.idOf(Signal.keyOf(rule.id(), s.tenant(), s.stream(), s.group()), first),
                s.tenant(), s.stream(), s.group(), first, first, completed, 0, rule.severity(), ev.count(), ev.count(), ev);
        emit(a, AlertState.FIRING, details);
        state.firedUpTo = completed;
        state.entries.removeIf(e -> e.time() <= completed);
        state.open = a;
        state.openedAtWall = ctx.currentSystemTimeMs();
        state.openDetails = details;
    }

    /** Resolves chains open for {@code resolveAfter} and forgets groups whose events are all past the horizon. */
    void sweep() {
        long wall = ctx.currentSystemTimeMs();
        long stream = ctx.currentStreamTimeMs();
        long horizon = rule.horizon().toMillis();
        List<KeyValue<String, SequenceState>> changed = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                SequenceState st = SequenceState.decode(kv.value);
                boolean resolve = st.open != null && wall - st.openedAtWall >= rule.resolveAfter().toMillis();
                boolean expired = st.open == null && st.newest() < stream - horizon;
                if (resolve || expired) {
                    changed.add(KeyValue.pair(kv.key, st));
                }
            }
        }
        for (KeyValue<String, SequenceState> kv : changed) {
            SequenceState st = kv.value;
            if (st.open == null) {
                store.delete(kv.key); // every event is past the horizon: nothing can complete a chain any more
                continue;
            }
            emit(st.open, AlertState.RESOLVED, st.openDetails);
            st.open = null;
            st.openDetails = Map.of();
            store.put(kv.key, st.encode());
        }
    }

    private void emit(ActiveAlert a, AlertState state, Map<String, String> details) {
        long now = ctx.currentSystemTimeMs();
        Alert alert = AlertWriter.write(rule.id(), rule.title(), rule.text(), a, state, rule.severity(), a.evidence().count(),
                a.threshold(), rule.horizon(), true, true, details, now);
        metrics.alert(rule.id(), state.id());
        ctx.forward(new Record<>(alert.id(), alert, now));
    }
}
