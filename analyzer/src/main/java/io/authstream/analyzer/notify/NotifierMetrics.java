package io.authstream.analyzer.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Notifier counters, tagged by destination: {@code authstream.notifier.delivered},
 * {@code .failed} (gave up), {@code .retries}, {@code .dropped} (queue full),
 * {@code .suppressed} (tag {@code reason}: cool-down, routing, not-sent), {@code .invalid} (unreadable records).
 */
public final class NotifierMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    NotifierMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void inc(String name, String... tags) {
        counters.computeIfAbsent(name + String.join(",", tags),
                k -> Counter.builder("authstream.notifier." + name).tags(tags).register(registry)).increment();
    }

    /** Current value (0 if never counted). */
    public double count(String name, String... tags) {
        Counter c = registry.find("authstream.notifier." + name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }
}
