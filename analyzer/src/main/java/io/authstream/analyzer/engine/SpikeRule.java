package io.authstream.analyzer.engine;

import io.authstream.schemas.record.AlertSeverity;
import java.time.Duration;

/**
 * An anomaly rule on a per-bucket count (e.g. failures per minute per tenant and stream) against
 * the group's own exponentially weighted moving mean and variance: fires when the current bucket's
 * count exceeds {@code max(floor, mean + k·σ)} after {@code warmupBuckets} buckets of history.
 *
 * <p>With a positive {@code ratioFactor} the rule also weighs the group's {@link Signal.Kind#SUCCESS}
 * signals: a bucket is anomalous only if its failures also exceed {@code ratioFactor} times the
 * failures the baseline's failure-to-success ratio expects for the bucket's successes. More traffic
 * at the usual ratio (a launch) is then no spike; more failures with flat successes (an attack) is.
 *
 * @param halfLife    how fast the baseline forgets: a bucket {@code halfLife} old weighs half as much
 * @param ratioFactor how many times the expected failures a bucket must exceed, or 0 to judge the count alone
 */
public record SpikeRule(String id, String title, Duration bucket, Duration grace, double k, long floor,
                        Duration halfLife, int warmupBuckets, AlertSeverity severity, boolean updates, RuleText text,
                        double ratioFactor)
        implements RuleSpec {
    public SpikeRule {
        if (k <= 0 || floor <= 0 || warmupBuckets < 0) {
            throw new IllegalArgumentException(id + ": k and floor must be positive, warm-up not negative");
        }
        if (ratioFactor < 0) {
            throw new IllegalArgumentException(id + ": the ratio factor must not be negative");
        }
    }

    /** A rule on the count alone. */
    public SpikeRule(String id, String title, Duration bucket, Duration grace, double k, long floor, Duration halfLife,
                     int warmupBuckets, AlertSeverity severity, boolean updates, RuleText text) {
        this(id, title, bucket, grace, k, floor, halfLife, warmupBuckets, severity, updates, text, 0);
    }

    /** EWMA weight of one bucket: {@code 1 - 2^(-bucket/halfLife)}. */
    public double alpha() {
        return 1 - Math.pow(0.5, (double) bucket.toMillis() / halfLife.toMillis());
    }

    public boolean judgesRatio() {
        return ratioFactor > 0;
    }
}
