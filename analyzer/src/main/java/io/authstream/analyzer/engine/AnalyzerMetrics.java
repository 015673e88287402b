package io.authstream.analyzer.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The analyzer's own counters (Kafka Streams' built-in metrics come on top):
 * {@code authstream.analyzer.late.dropped} (events later than grace, per rule),
 * {@code authstream.analyzer.late.accepted} (out of order but within grace, per rule),
 * {@code authstream.analyzer.duplicates}, {@code authstream.analyzer.rejected} (per error type),
 * {@code authstream.analyzer.alerts} (per rule and state), {@code authstream.analyzer.unknown.codes},
 * {@code authstream.analyzer.future.clamped} (events dated too far ahead, see {@code EventTimestampExtractor}),
 * {@code authstream.analyzer.groups.evicted} (groups a count rule forgot at its {@code max-groups} cap, per rule)
 * and the gauge {@code authstream.analyzer.groups} (groups a count rule tracks, per rule and task); {@code Analyzer}
 * adds the gauge {@code authstream.analyzer.consumer.lag} and {@code TenantCounters} the {@code authstream.tenant.*} counters.
 * Counts may be slightly high after an exactly-once retry; they are for operators, not for logic.
 */
public final class AnalyzerMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

    public AnalyzerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public static AnalyzerMetrics inMemory() {
        return new AnalyzerMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    private Counter counter(String name, String... tags) {
        String id = name + String.join(",", tags);
        return counters.computeIfAbsent(id, k -> Counter.builder(name).tags(tags).register(registry));
    }

    public void lateDropped(String rule) {
        lateDroppedCounter(rule).increment();
    }

    public void lateAccepted(String rule) {
        lateAcceptedCounter(rule).increment();
    }

    /** The counter itself, for hot paths that should not look it up per event. */
    public Counter lateDroppedCounter(String rule) {
        return counter("authstream.analyzer.late.dropped", "rule", rule);
    }

    public Counter lateAcceptedCounter(String rule) {
        return counter("authstream.analyzer.late.accepted", "rule", rule);
    }

    public Counter groupsEvictedCounter(String rule) {
        return counter("authstream.analyzer.groups.evicted", "rule", rule);
    }

    /** The gauge of groups one count rule tracks in one task; the processor keeps it current. */
    public AtomicLong groupsGauge(String rule, String task) {
        return gauges.computeIfAbsent(rule + "|" + task, k -> {
            AtomicLong v = new AtomicLong();
            io.micrometer.core.instrument.Gauge.builder("authstream.analyzer.groups", v, AtomicLong::get)
                    .tags("rule", rule, "task", task).register(registry);
            return v;
        });
    }

    public void duplicate() {
        counter("authstream.analyzer.duplicates").increment();
    }

    public void rejected(String errorType) {
        counter("authstream.analyzer.rejected", "error_type", errorType).increment();
    }

    public void alert(String rule, String state) {
        counter("authstream.analyzer.alerts", "rule", rule, "state", state).increment();
    }

    public void futureClamped() {
        counter("authstream.analyzer.future.clamped").increment();
    }

    public void unknownCode() {
        counter("authstream.analyzer.unknown.codes").increment();
    }

    /** Current value of a counter (0 if never incremented); for tests and the benchmark. */
    public double count(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }
}
