package io.authstream.analyzer.engine;

import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertSeverity;
import io.authstream.schemas.record.AlertState;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link ThresholdRule} ("≥ N in any T") over the signals of its groups, with exact
 * sliding semantics.
 *
 * <p>Per group ({@link GroupState}) it keeps the most recent counted times. A counting signal fires
 * when, with it, some N consecutive counted times span less than T, that is when one interval of
 * length T holds N of them, wherever that interval lies relative to the clock; only if the group
 * has no open alert (one FIRING per episode). The alert's id is derived from the group key and the
 * first time of that run, so it is the same after a restart or a replay. While open, every signal
 * of the group feeds the alert's evidence, an update is emitted when severity rises or (if enabled)
 * the count doubles, and every new qualifying run moves the alert's window end to that run's first
 * time + T. The alert resolves once the {@link SourceClock} has passed window end + grace: then no
 * interval of length T ending after the last counted signal can reach N with signals still on time.
 * A burst after that fires a new alert.
 *
 * <p>Lateness: a signal older than its source partition's stream time ({@link Signal#sourceTime})
 * minus grace is dropped, counted in {@code authstream.analyzer.late.dropped} and logged at most
 * once a minute per rule with the lag. No store retention drops anything: a backlog of any age is
 * replayed with the same result as live traffic.
 *
 * <p>Bounds: per group, {@link ThresholdRule#hitCapacity()} hits; per task, at most
 * {@link ThresholdRule#maxGroups()} groups: a new group beyond that first forgets the idlest tenth
 * of the groups without an open alert ({@code authstream.analyzer.groups.evicted}, logged once a
 * minute). Groups idle for longer than T + grace are forgotten on the punctuation.
 *
 * <p>State: {@code <rule>-groups} (group states) and {@code <rule>-alerts} (open alerts), both
 * key-value stores, change-logged, in memory or RocksDB.
 */
public final class ThresholdProcessor implements Processor<String, Signal, String, Alert> {
    private static final Logger LOG = LoggerFactory.getLogger(ThresholdProcessor.class);
    private static final long LOG_INTERVAL_MS = 60_000;
    /**
     * How far apart in event time the source partitions may run while a backlog is replayed, for
     * the bucketed (spike) rules' window stores; count rules keep no windowed store and need none.
     */
    static final Duration SKEW_ALLOWANCE = Duration.ofMinutes(15);
    private final ThresholdRule rule;
    private final AnalyzerMetrics metrics;
    private final Duration punctuation;
    private final long graceMs;
    private final long windowMs;
    private final int capacity;
    private final SourceClock clock;
    private final Counter lateDropped;
    private final Counter lateAccepted;
    private final Counter evicted;
    private final ThrottledLog lateLog = new ThrottledLog(LOG, LOG_INTERVAL_MS);
    private final ThrottledLog evictLog = new ThrottledLog(LOG, LOG_INTERVAL_MS);
    private ProcessorContext<String, Alert> ctx;
    private KeyValueStore<String, byte[]> groupStore;
    private KeyValueStore<String, byte[]> alertStore;
    private long groups;
    private java.util.concurrent.atomic.AtomicLong groupsGauge;
    private long lastExpiry = Long.MIN_VALUE;

    ThresholdProcessor(ThresholdRule rule, AnalyzerMetrics metrics, Duration punctuation, int sources) {
        this.rule = rule;
        this.clock = new SourceClock(sources);
        this.metrics = metrics;
        this.punctuation = punctuation;
        this.lateDropped = metrics.lateDroppedCounter(rule.id());
        this.lateAccepted = metrics.lateAcceptedCounter(rule.id());
        this.evicted = metrics.groupsEvictedCounter(rule.id());
        this.graceMs = rule.grace().toMillis();
        this.windowMs = rule.window().toMillis();
        this.capacity = rule.hitCapacity();
    }

    /**
     * The supplier, carrying its two stores.
     *
     * @param sources partitions of the events topic, each a source of signals with its own stream time
     */
    public static ProcessorSupplier<String, Signal, String, Alert> supplier(ThresholdRule rule, AnalyzerMetrics metrics,
                                                                            Duration punctuation, boolean inMemory,
                                                                            int sources) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, Signal, String, Alert> get() {
                return new ThresholdProcessor(rule, metrics, punctuation, sources);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(store(groupStoreName(rule), inMemory), store(rule.id() + "-alerts", inMemory));
            }
        };
    }

    /** Name of the rule's group-state store. */
    public static String groupStoreName(ThresholdRule rule) {
        return rule.id() + "-groups";
    }

    private static StoreBuilder<KeyValueStore<String, byte[]>> store(String name, boolean inMemory) {
        return Stores.keyValueStoreBuilder(inMemory ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name),
                Serdes.String(), Serdes.ByteArray()).withCachingDisabled();
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.ctx = context;
        this.groupStore = context.getStateStore(groupStoreName(rule));
        this.alertStore = context.getStateStore(rule.id() + "-alerts");
        this.groups = countGroups();
        this.groupsGauge = metrics.groupsGauge(rule.id(), context.taskId().toString());
        groupsGauge.set(groups);
        clock.start(context.currentSystemTimeMs());
        context.schedule(punctuation, PunctuationType.WALL_CLOCK_TIME, t -> punctuate());
    }

    private long countGroups() {
        long n = 0;
        try (KeyValueIterator<String, byte[]> it = groupStore.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    @Override
    public void process(Record<String, Signal> record) {
        Signal s = record.value();
        long ts = s.time();
        long wall = ctx.currentSystemTimeMs();
        long reference = s.lateReference(ctx.currentStreamTimeMs());
        clock.observe(s.source(), s.sourceTime(), ctx.currentStreamTimeMs(), wall);
        if (ts < reference - graceMs) {
            lateDropped.increment();
            lateLog.warn(wall, "Rule " + rule.id() + " dropped a signal " + Duration.ofMillis(reference - ts)
                    + " behind its partition's stream time, more than the grace of " + rule.grace()
                    + " (authstream.analyzer.late.dropped counts them all)");
            return;
        }
        if (ts < reference) {
            lateAccepted.increment();
        }
        String key = record.key();
        ActiveAlert active = decodeAlert(alertStore.get(key));
        GroupState state = GroupState.decode(groupStore.get(key));
        boolean counting = s.kind() == Signal.Kind.COUNT;
        if (state == null) {
            if (!counting) {
                if (active != null) { // an alert restored without its group state (e.g. evicted): evidence still counts
                    feed(key, active, s);
                }
                return; // evidence alone never opens a group: keeps success-only groups out of state
            }
            state = new GroupState();
            makeRoom();
            groupsGauge.set(++groups);
        }
        state.seen(ts);
        long runStart = Long.MIN_VALUE;
        switch (s.kind()) {
            case COUNT -> {
                runStart = count(state, s);
                state.attrs(s.attrs());
                state.subjects(s.subjects());
            }
            case SUCCESS -> state.success();
            case BLOCKED -> state.block();
            default -> {
            }
        }
        if (active == null && runStart != Long.MIN_VALUE) {
            fire(key, s, runStart, state);
        } else if (active != null) {
            if (runStart != Long.MIN_VALUE && runStart + windowMs > active.trackedEnd()) {
                active = active.withTracked(runStart, runStart + windowMs);
            }
            active.evidence().raiseDistinctPeak(state.distinctPeak());
            feed(key, active, s);
        }
        groupStore.put(key, state.encode());
    }

    /** Adds a counting signal to the group; returns the start of the qualifying run it completes, if any. */
    private long count(GroupState state, Signal s) {
        long horizon = windowMs + graceMs;
        ThresholdRule.DistinctCondition also = rule.also();
        if (also != null) {
            String v = also.field().valueOf(s);
            if (v != null) {
                int i = state.addAlso(hit(s, Evidence.hash(v)), (int) Math.min(Integer.MAX_VALUE, also.threshold()), horizon);
                if (i >= 0) {
                    state.raiseDistinctPeak(Math.min(also.threshold(), state.alsoCountEndingAt(i, windowMs)));
                }
            }
        }
        boolean distinct = rule.counted() != ThresholdRule.Counted.EVENTS;
        long value;
        if (distinct) {
            String v = rule.counted().valueOf(s);
            if (v == null) {
                return Long.MIN_VALUE; // nothing to count distinct
            }
            value = Evidence.hash(v);
        } else {
            value = Evidence.hash(s.logId());
        }
        int idx = state.add(hit(s, value), distinct, capacity, horizon);
        return state.runStart(idx, rule.threshold(), windowMs);
    }

    private static GroupState.Hit hit(Signal s, long value) {
        return new GroupState.Hit(s.time(), value, s.logId(), Evidence.hash(s.user()), Evidence.hash(s.ip()));
    }

    private void feed(String key, ActiveAlert active, Signal s) {
        active.evidence().add(s);
        if (s.kind() != Signal.Kind.COUNT) {
            active.evidence().subjects(s.subjects());
        }
        alertStore.put(key, maybeUpdate(active).encode());
    }

    private void fire(String key, Signal s, long runStart, GroupState state) {
        Evidence ev = state.evidence(runStart);
        AlertSeverity sev = rule.escalation().severity(rule.severity(), ev);
        long count = count(ev);
        ActiveAlert a = new ActiveAlert(Alert.idOf(key, runStart), s.tenant(), s.stream(), s.group(), runStart, runStart,
                runStart + windowMs, 0, sev, count, rule.threshold(), ev);
        emit(a, AlertState.FIRING, sev, count);
        alertStore.put(key, a.encode());
    }

    /** What the alert reports as its count: counted events, or in distinct mode the distinct values. */
    private long count(Evidence ev) {
        return switch (rule.counted()) {
            case EVENTS -> ev.count();
            case USERS -> ev.distinctUsers();
            case IPS -> ev.distinctIps();
        };
    }

    private ActiveAlert maybeUpdate(ActiveAlert a) {
        Evidence ev = a.evidence();
        AlertSeverity sev = rule.escalation().severity(rule.severity(), ev);
        if (sev.compareTo(a.severity()) < 0) {
            sev = a.severity(); // severity never drops while open
        }
        long count = count(ev);
        boolean rose = sev.compareTo(a.severity()) > 0;
        boolean doubled = rule.updates() && count >= 2 * Math.max(1, a.lastCount());
        if (!rose && !doubled) {
            return a;
        }
        emit(a, AlertState.UPDATED, sev, count);
        return a.emitted(sev, count);
    }

    private void emit(ActiveAlert a, AlertState state, AlertSeverity sev, long count) {
        long now = ctx.currentSystemTimeMs();
        Alert alert = AlertWriter.write(rule.id(), rule.title(), rule.text(), a, state, sev, count, rule.threshold(),
                rule.window(), rule.distinctUsers(), rule.distinctIps(), Map.of(), now);
        metrics.alert(rule.id(), state.id());
        // stamped with the wall clock: event time may be far in the past (a replay), and the broker may refuse it
        ctx.forward(new Record<>(alert.id(), alert, now));
    }

    void punctuate() {
        long now = clock.now(ctx.currentSystemTimeMs());
        if (now == Long.MIN_VALUE) {
            return;
        }
        resolve(now);
        // idle groups are useless once nothing on time can pair with them; sweeping a window's worth at a time is enough
        if (lastExpiry == Long.MIN_VALUE || now - lastExpiry >= Math.max(punctuation.toMillis(), windowMs / 4)) {
            lastExpiry = now;
            expire(now);
        }
    }

    /** Resolves every open alert whose window end + grace has passed. */
    private void resolve(long now) {
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
            emit(a, AlertState.RESOLVED, a.severity(), count(a.evidence()));
            alertStore.delete(kv.key);
        }
    }

    private void expire(long now) {
        List<String> idle = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = groupStore.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                GroupState g = GroupState.decode(kv.value);
                if (g.lastSeen() + windowMs + graceMs < now && alertStore.get(kv.key) == null) {
                    idle.add(kv.key);
                }
            }
        }
        idle.forEach(groupStore::delete);
        groups -= idle.size();
        groupsGauge.set(groups);
    }

    /** Before a new group is added at the cap: forgets the idlest tenth of the groups without an open alert. */
    private void makeRoom() {
        if (groups < rule.maxGroups()) {
            return;
        }
        int target = Math.max(1, rule.maxGroups() / 10);
        // a max-heap on last-seen time holding the `target` idlest groups found so far
        PriorityQueue<KeyValue<String, Long>> idlest = new PriorityQueue<>((x, y) -> Long.compare(y.value, x.value));
        try (KeyValueIterator<String, byte[]> it = groupStore.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                long seen = GroupState.decode(kv.value).lastSeen();
                if (idlest.size() < target) {
                    if (alertStore.get(kv.key) == null) {
                        idlest.add(KeyValue.pair(kv.key, seen));
                    }
                } else if (seen < idlest.peek().value && alertStore.get(kv.key) == null) {
                    idlest.poll();
                    idlest.add(KeyValue.pair(kv.key, seen));
                }
            }
        }
        for (KeyValue<String, Long> kv : idlest) {
            groupStore.delete(kv.key);
        }
        groups -= idlest.size();
        groupsGauge.set(groups);
        evicted.increment(idlest.size());
        evictLog.warn(ctx.currentSystemTimeMs(), "Rule " + rule.id() + " tracks " + rule.maxGroups() + " groups, its "
                + "max-groups: forgot the " + idlest.size() + " idlest without an open alert "
                + "(authstream.analyzer.groups.evicted counts them all)");
    }

    private static ActiveAlert decodeAlert(byte[] b) {
        return b == null ? null : ActiveAlert.decode(b);
    }
}
