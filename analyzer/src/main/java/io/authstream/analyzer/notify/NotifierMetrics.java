package io.authstream.analyzer.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Notifier meters, tagged by destination: counters {@code authstream.notifier.delivered},
 * {@code .failed} (permanent failure, skipped), {@code .retries}, {@code .suppressed} (tag
 * {@code reason}: cool-down, routing, not-sent, already-sent, too-old), {@code .invalid} (unreadable
 * records, no destination tag), {@code .held} (alerts a rate limit held) and {@code .summarized} (held
 * alerts delivered inside a digest); gauges {@code .backlog} (deliveries waiting), {@code .held.waiting} and
 * {@code .consecutive.failures} (non-zero while a destination is failing), and {@code .paused}
 * (1 while the consumer waits for room, no tag).
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

    /** A gauge such as {@code authstream.notifier.backlog{destination}}. */
    void gauge(String name, java.util.function.Supplier<Number> value, String... tags) {
        io.micrometer.core.instrument.Gauge.builder("authstream.notifier." + name, value).tags(tags).register(registry);
    }

    /** Current value (0 if never counted). */
    public double count(String name, String... tags) {
        Counter c = registry.find("authstream.notifier." + name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }
}
