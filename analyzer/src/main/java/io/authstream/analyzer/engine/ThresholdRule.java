package io.authstream.analyzer.engine;

import io.authstream.schemas.record.AlertSeverity;
import java.time.Duration;
import java.util.Objects;

/**
 * A sliding count rule, "≥ {@link #threshold} in any {@link #window}": fires at the signal that
 * makes some interval of length {@code window} (event time, wherever it falls relative to the
 * clock) hold {@code threshold} counted signals of one group, accepting signals up to
 * {@link #grace} late. What is counted is every {@link Signal.Kind#COUNT} signal, or, in
 * distinct-count mode, the distinct users or IPs of those signals ({@link #counted}).
 *
 * @param updates        emit an update each time the count doubles (and whenever severity rises)
 * @param distinctUsers  report distinct users in the alert
 * @param distinctIps    report distinct IPs in the alert
 * @param counted        what counts toward the threshold: events, or distinct users / IPs
 * @param also           an extra distinct-count condition tracked alongside (exactly, in any window),
 *                       exposed to the escalation as {@link Evidence#distinctPeak()}; or null
 * @param maxGroups      most groups the rule tracks per task; beyond it the idlest groups without an
 *                       open alert are forgotten
 */
public record ThresholdRule(String id, String title, Duration window, Duration grace, long threshold,
                            AlertSeverity severity, Escalation escalation, boolean updates, boolean distinctUsers,
                            boolean distinctIps, RuleText text, Counted counted, DistinctCondition also, int maxGroups)
        implements RuleSpec {
    /** Default of {@link #maxGroups}. */
    public static final int DEFAULT_MAX_GROUPS = 100_000;

    /** What a rule counts. */
    public enum Counted {
        /** Every counting signal. */
        EVENTS,
        /** Distinct {@link Signal#user()} values. */
        USERS,
        /** Distinct {@link Signal#ip()} values. */
        IPS;

        /** The value of {@code s} this mode counts distinct, or null in {@link #EVENTS} mode or when absent. */
        String valueOf(Signal s) {
            return switch (this) {
                case EVENTS -> null;
                case USERS -> s.user();
                case IPS -> s.ip();
            };
        }
    }

    /** "≥ {@code threshold} distinct {@code field} values in any window". */
    public record DistinctCondition(Counted field, long threshold) {
        public DistinctCondition {
            if (field == Counted.EVENTS || threshold <= 0) {
                throw new IllegalArgumentException("a distinct condition counts users or IPs, at least one");
            }
        }
    }

    public ThresholdRule {
        Objects.requireNonNull(id);
        Objects.requireNonNull(text);
        Objects.requireNonNull(window);
        Objects.requireNonNull(grace);
        if (threshold <= 0) {
            throw new IllegalArgumentException(id + ": threshold must be positive");
        }
        if (window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException(id + ": window must be positive");
        }
        if (maxGroups <= 0) {
            throw new IllegalArgumentException(id + ": max-groups must be positive");
        }
        escalation = escalation == null ? Escalation.none() : escalation;
        counted = counted == null ? Counted.EVENTS : counted;
    }

    /** A rule counting events, without extra condition, tracking up to {@link #DEFAULT_MAX_GROUPS} groups. */
    public ThresholdRule(String id, String title, Duration window, Duration grace, long threshold, AlertSeverity severity,
                         Escalation escalation, boolean updates, boolean distinctUsers, boolean distinctIps, RuleText text) {
        this(id, title, window, grace, threshold, severity, escalation, updates, distinctUsers, distinctIps, text,
                Counted.EVENTS, null, DEFAULT_MAX_GROUPS);
    }

    public ThresholdRule withEscalation(Escalation e) {
        return new ThresholdRule(id, title, window, grace, threshold, severity, e, updates, distinctUsers, distinctIps, text,
                counted, also, maxGroups);
    }

    /** The same rule reporting distinct users and/or IPs in its alerts. */
    public ThresholdRule reporting(boolean users, boolean ips) {
        return new ThresholdRule(id, title, window, grace, threshold, severity, escalation, updates, users, ips, text,
                counted, also, maxGroups);
    }

    /** The same rule in distinct-count mode. */
    public ThresholdRule counting(Counted c) {
        return new ThresholdRule(id, title, window, grace, threshold, severity, escalation, updates, distinctUsers,
                distinctIps, text, c, also, maxGroups);
    }

    public ThresholdRule withAlso(DistinctCondition c) {
        return new ThresholdRule(id, title, window, grace, threshold, severity, escalation, updates, distinctUsers,
                distinctIps, text, counted, c, maxGroups);
    }

    public ThresholdRule withMaxGroups(int n) {
        return new ThresholdRule(id, title, window, grace, threshold, severity, escalation, updates, distinctUsers,
                distinctIps, text, counted, also, n);
    }

    /**
     * Most counted times kept per group: enough that, as long as no window holds the threshold, no
     * time that a signal up to {@code grace} late could still pair with is ever dropped
     * (a span of window + grace then holds fewer than threshold × (1 + ⌈grace / window⌉)).
     */
    public int hitCapacity() {
        long w = window.toMillis();
        long extra = (grace.toMillis() + w - 1) / w;
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, threshold * (1 + extra)));
    }

    /** How long a counted time stays useful after the newest one: window plus grace. */
    public Duration retention() {
        return window.plus(grace);
    }
}
