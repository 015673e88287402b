package io.authstream.analyzer.engine;

import io.authstream.schemas.record.AlertSeverity;
import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.streams.kstream.TimeWindows;

/**
 * A windowed count rule: fires once per (group, window) when the count of {@link Signal.Kind#COUNT}
 * signals reaches {@link #threshold} inside a window of {@link #window}, accepting events up to
 * {@link #grace} late.
 *
 * @param advance        window advance; equal to {@code window} for tumbling windows
 * @param updates        emit an update each time the count doubles (and whenever severity rises)
 * @param distinctUsers  report distinct users in the alert
 * @param distinctIps    report distinct IPs in the alert
 */
public record ThresholdRule(String id, String title, Duration window, Duration advance, Duration grace, long threshold,
                            AlertSeverity severity, Escalation escalation, boolean updates, boolean distinctUsers,
                            boolean distinctIps, RuleText text) implements RuleSpec {
    public ThresholdRule {
        Objects.requireNonNull(id);
        Objects.requireNonNull(text);
        if (threshold <= 0) {
            throw new IllegalArgumentException(id + ": threshold must be positive");
        }
        if (advance == null) {
            advance = window;
        }
        if (advance.isZero() || advance.isNegative() || advance.compareTo(window) > 0) {
            throw new IllegalArgumentException(id + ": advance must be positive and at most the window");
        }
        escalation = escalation == null ? Escalation.none() : escalation;
    }

    /** The Kafka Streams windows of this rule (explicit grace, as every window here). */
    public TimeWindows windows() {
        return TimeWindows.ofSizeAndGrace(window, grace).advanceBy(advance);
    }

    /** How long a window's state must be kept: size plus grace. */
    public Duration retention() {
        return window.plus(grace);
    }
}
