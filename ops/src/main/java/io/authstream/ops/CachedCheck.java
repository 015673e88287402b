package io.authstream.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * A check that asks a remote dependency at most once per {@code ttl} (e.g. Elasticsearch cluster
 * health), so that probes and scrapes every few seconds do not become load on it; concurrent
 * callers share one request.
 */
public final class CachedCheck implements Supplier<Check> {
    private final Supplier<Check> source;
    private final Duration ttl;
    private final Clock clock;
    private Check last;
    private Instant at = Instant.MIN;

    public CachedCheck(Supplier<Check> source, Duration ttl, Clock clock) {
        this.source = source;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public synchronized Check get() {
        Instant now = clock.instant();
        if (last == null || !now.isBefore(at.plus(ttl))) {
            try {
                last = source.get();
            } catch (RuntimeException e) {
                last = Check.down("unreachable (" + e.getClass().getSimpleName() + ")");
            }
            at = now;
        }
        return last;
    }
}
