package io.authstream.analyzer.detection;

import io.authstream.analyzer.engine.ClassifiedEvent;
import io.authstream.analyzer.engine.RuleSpec;
import io.authstream.analyzer.engine.Signal;
import java.util.List;
import java.util.function.Consumer;

/**
 * One detection. The first stage calls {@link #signals} for every distinct event; each signal is
 * repartitioned by its group key and reaches the processor of its rule, built from {@link #rules}.
 * A disabled detection has no rules and emits no signals.
 */
public interface Detection {
    /** The configuration name, e.g. {@code credential-stuffing}. */
    String name();

    /** The enabled rules of this detection (empty when switched off). */
    List<RuleSpec> rules();

    /** Emits this event's signals for the enabled rules; must be cheap, it runs for every event. */
    void signals(ClassifiedEvent event, Consumer<Signal> out);

    default boolean enabled() {
        return !rules().isEmpty();
    }
}
