package io.authstream.analyzer.engine;

/** One rule a detection runs in the second stage; the topology picks the processor by type. */
public sealed interface RuleSpec permits ThresholdRule, SpikeRule, SilenceRule, SequenceRule {
    /** Kebab-case rule id; also the alert's {@code rule} and the prefix of its store names. */
    String id();

    /** Human title of the alert. */
    String title();
}
