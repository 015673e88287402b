package io.authstream.pull;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * How long to wait before asking again. Jitter keeps several pullers (or a puller and another
 * Management API client of the same tenant) from retrying in lockstep against the same bucket.
 */
final class Backoff {
    static final Duration BASE = Duration.ofSeconds(1);
    private final Duration max;
    private final RandomGenerator random;
    private int failures;

    Backoff(Duration max, RandomGenerator random) {
        this.max = max;
        this.random = random;
    }

    /**
     * After a 429: until {@code x-ratelimit-reset} plus up to one second of jitter (the header has
     * second precision, and the bucket refills at that instant for every client); exponential
     * when the header is missing. Never above the configured maximum.
     */
    Duration rateLimited(long resetEpochSecond, Instant now) {
        if (resetEpochSecond < 0) {
            return failed();
        }
        long untilReset = Math.max(0, resetEpochSecond * 1000 - now.toEpochMilli());
        failures++;
        return cap(Duration.ofMillis(untilReset + random.nextLong(1000)));
    }

    /** After an error: 1 s, 2 s, 4 s… capped, each with "equal jitter" (half fixed, half random). */
    Duration failed() {
        failures++;
        long d = cap(BASE.multipliedBy(1L << Math.min(20, failures - 1))).toMillis();
        return Duration.ofMillis(d / 2 + random.nextLong(d / 2 + 1));
    }

    /** A page went through: the next failure starts from the base again. */
    void reset() {
        failures = 0;
    }

    private Duration cap(Duration d) {
        return d.compareTo(max) > 0 ? max : d;
    }
}
