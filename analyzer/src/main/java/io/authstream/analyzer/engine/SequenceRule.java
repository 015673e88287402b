package io.authstream.analyzer.engine;

import io.authstream.schemas.record.AlertSeverity;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An ordered chain of steps per group, e.g. "≥ 5 failed logins within 10 min, then a successful
 * login within 10 min of them, then an MFA or password change within 1 h of it". Signals name their
 * step in the {@value #STEP} attribute. The chain fires once, critical, citing every step's
 * {@code log_id}; see {@link SequenceProcessor}.
 *
 * @param steps      in order; at least two
 * @param maxKeys    groups tracked at once (a bound on state); signals of further groups are dropped
 * @param maxPerStep most recent events kept per step and group (a bound on state)
 * @param resolveAfter how long (wall clock) a fired chain stays open before it resolves
 */
public record SequenceRule(String id, String title, List<Step> steps, AlertSeverity severity, int maxKeys, int maxPerStep,
                           Duration resolveAfter, RuleText text) implements RuleSpec {
    /** The signal attribute that names a step. */
    public static final String STEP = "step";

    /**
     * One step.
     *
     * @param count  events of this step needed
     * @param within for the first step: the span its {@code count} events must fit in; for later
     *               steps: how long after the previous step completed its events may come
     */
    public record Step(String name, int count, Duration within) {
        public Step {
            Objects.requireNonNull(name);
            if (count <= 0 || within.isNegative()) {
                throw new IllegalArgumentException(name + ": count must be positive and within not negative");
            }
        }
    }

    public SequenceRule {
        steps = List.copyOf(steps);
        if (steps.size() < 2 || maxKeys <= 0 || maxPerStep <= 0) {
            throw new IllegalArgumentException(id + ": a sequence needs two steps and positive bounds");
        }
        for (Step s : steps) {
            if (s.count() > maxPerStep) {
                throw new IllegalArgumentException(id + ": step " + s.name() + " needs more events than are kept");
            }
        }
    }

    /** The longest time a whole chain may span: events older than this behind a group's newest are forgotten. */
    public Duration horizon() {
        return steps.stream().map(Step::within).reduce(Duration.ZERO, Duration::plus);
    }
}
