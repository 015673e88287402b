package io.authstream.analyzer.notify;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: attempt n waits a random time in
 * {@code [0, min(max, initial·2^(n-1))]}, at least the destination's {@code Retry-After}. Jitter
 * spreads retries of many alerts so a recovering endpoint is not hit by all of them at once.
 */
record Backoff(Duration initial, Duration max) {
    Duration delay(int attempt, Duration retryAfter, RandomGenerator random) {
        long cap = Math.min(max.toMillis(), initial.toMillis() << Math.min(30, Math.max(0, attempt - 1)));
        long d = cap <= 0 ? 0 : random.nextLong(cap + 1);
        if (retryAfter != null) {
            d = Math.max(d, Math.min(retryAfter.toMillis(), max.toMillis()));
        }
        return Duration.ofMillis(d);
    }
}
