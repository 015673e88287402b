package io.authstream.archive;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long the archive has been stuck: each retry sequence (a bulk that keeps failing, a dead
 * letter the broker does not take) says when it started failing and when it got through. Readiness
 * turns false while the oldest is older than {@code archive.retry.not-ready-after}, so an archive that
 * archives nothing does not look healthy.
 */
final class Stalls {
    private final Clock clock;
    private final Map<Object, Instant> since = new ConcurrentHashMap<>();

    Stalls(Clock clock) {
        this.clock = clock;
    }

    /** {@code sequence} failed again; the first call starts its clock. */
    void failing(Object sequence) {
        since.putIfAbsent(sequence, clock.instant());
    }

    /** {@code sequence} got through (or was abandoned). */
    void done(Object sequence) {
        since.remove(sequence);
    }

    /** How long the oldest sequence still failing has been failing; zero when none is. */
    Duration longest() {
        Instant now = clock.instant();
        Duration max = Duration.ZERO;
        for (Instant s : since.values()) {
            Duration d = Duration.between(s, now);
            if (d.compareTo(max) > 0) {
                max = d;
            }
        }
        return max;
    }
}
