package io.authstream.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The health of one component, built from probes it registers: each named check is computed when
 * someone asks (so it is never stale), and the component is "started" from the first time every
 * required check is up (or it says so with {@link #markStarted()}); it stays started.
 *
 * <pre>{@code
 * ComponentHealth h = new ComponentHealth("archive")
 *         .check("kafka", () -> Check.of(kafkaUp(), "no assignment"))
 *         .fatalWhen(() -> Optional.ofNullable(failure()));
 * }</pre>
 */
public final class ComponentHealth {
    private final String component;
    private final Map<String, Supplier<Check>> checks = new LinkedHashMap<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile Supplier<Optional<String>> fatal = Optional::empty;
    private volatile Supplier<Boolean> startedWhen;

    public ComponentHealth(String component) {
        this.component = component;
    }

    public String component() {
        return component;
    }

    /** Adds (or replaces) the check {@code name}; {@code probe} must be quick and must not throw. */
    public synchronized ComponentHealth check(String name, Supplier<Check> probe) {
        checks.put(name, probe);
        return this;
    }

    /** The reason the component cannot go on, when it cannot; then it is neither live nor ready. */
    public ComponentHealth fatalWhen(Supplier<Optional<String>> reason) {
        this.fatal = reason;
        return this;
    }

    /**
     * Started is latched when {@code condition} first holds, instead of when every required check
     * is first up (e.g. Kafka Streams: started once it has been RUNNING).
     */
    public ComponentHealth startedWhen(Supplier<Boolean> condition) {
        this.startedWhen = condition;
        return this;
    }

    /** Marks the component as having finished starting. */
    public void markStarted() {
        started.set(true);
    }

    public HealthSnapshot snapshot() {
        Map<String, Check> now = new LinkedHashMap<>();
        synchronized (this) {
            checks.forEach((name, probe) -> now.put(name, evaluate(probe)));
        }
        String why = fatal.get().orElse(null);
        Supplier<Boolean> when = startedWhen;
        HealthSnapshot s = new HealthSnapshot(component, started.get(), why, now);
        if (!s.started() && why == null && (when != null ? Boolean.TRUE.equals(when.get()) : s.requiredUp())) {
            started.set(true);
            s = new HealthSnapshot(component, true, null, now);
        }
        return s;
    }

    /** A probe that throws is a check that is down; its exception text is not shown (it may carry secrets). */
    private static Check evaluate(Supplier<Check> probe) {
        try {
            Check c = probe.get();
            return c == null ? Check.down("no answer") : c;
        } catch (RuntimeException e) {
            return Check.down("check failed: " + e.getClass().getSimpleName());
        }
    }
}
