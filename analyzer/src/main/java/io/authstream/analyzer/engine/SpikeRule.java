package io.authstream.analyzer.engine;

import io.authstream.schemas.record.AlertSeverity;
import java.time.Duration;

/**
 * An anomaly rule on a per-bucket count (e.g. failures per minute per tenant and stream) against
 * the group's own exponentially weighted moving mean and variance: fires when the current bucket's
 * count exceeds {@code max(floor, mean + k·σ)} after {@code warmupBuckets} buckets of history.
 *
 * @param halfLife  how fast the baseline forgets: a bucket {@code halfLife} old weighs half as much
 */
public record SpikeRule(String id, String title, Duration bucket, Duration grace, double k, long floor,
                        Duration halfLife, int warmupBuckets, AlertSeverity severity, boolean updates, RuleText text)
        implements RuleSpec {
    public SpikeRule {
        if (k <= 0 || floor <= 0 || warmupBuckets < 0) {
            throw new IllegalArgumentException(id + ": k and floor must be positive, warm-up not negative");
        }
    }

    /** EWMA weight of one bucket: {@code 1 - 2^(-bucket/halfLife)}. */
    public double alpha() {
        return 1 - Math.pow(0.5, (double) bucket.toMillis() / halfLife.toMillis());
    }
}
