package io.authstream.analyzer.engine;

/** How a detection words its alerts: the one-line summary and the runbook hint. */
public interface RuleText {
    String summary(AlertFacts f);

    String runbook(AlertFacts f);

    /** Whether the rule watches Attack Protection blocks, so {@code attack_protection_blocked} means something. */
    default boolean reportsBlocks() {
        return false;
    }
}
