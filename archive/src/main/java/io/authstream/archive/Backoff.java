package io.authstream.archive;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: attempt n waits a random time in [base·2ⁿ/2, base·2ⁿ],
 * capped. The jitter spreads the retries of several archive instances (and of several bulks in
 * flight) so that a recovering cluster is not hit by all of them in the same instant.
 */
record Backoff(Duration base, Duration max) {
    Duration delay(int attempt) {
        long cap = max.toMillis();
        long exp = base.toMillis() << Math.min(attempt, 20);
        long upper = Math.max(1, Math.min(cap, exp));
        return Duration.ofMillis(upper / 2 + ThreadLocalRandom.current().nextLong(upper / 2 + 1));
    }
}
