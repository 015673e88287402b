package io.authstream.ingest.admission;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/**
 * The {@code log_id}s recently acknowledged by Kafka, per stream, so that an Auth0 redelivery of the
 * same events is answered without producing them again.
 *
 * <p>Trap: entries are added only <em>after</em> Kafka acknowledged the event ({@link #remember}),
 * never when a request arrives; otherwise a request that failed would make its retry look like a
 * duplicate and lose the events. Bounded by size and by age ({@code horizon}); two concurrent
 * requests carrying the same new event may both produce it, which downstream tolerates (the
 * archive and the analyzer are idempotent on {@code log_id}). Thread-safe.
 */
public final class DedupCache {
    private final Cache<Key, Boolean> cache;

    private record Key(String stream, String logId) {
    }

    /**
     * @param ticker nanosecond time source; tests pass a fake one to move time
     */
    public DedupCache(Duration horizon, long maxEntries, Ticker ticker) {
        this.cache = maxEntries <= 0 ? null
                : Caffeine.newBuilder().expireAfterWrite(horizon).maximumSize(maxEntries).ticker(ticker).build();
    }

    public DedupCache(Duration horizon, long maxEntries) {
        this(horizon, maxEntries, Ticker.systemTicker());
    }

    /** True when this event was acknowledged on this stream within the horizon. */
    public boolean seen(String stream, String logId) {
        return cache != null && cache.getIfPresent(new Key(stream, logId)) != null;
    }

    /** Records that Kafka acknowledged this event. */
    public void remember(String stream, String logId) {
        if (cache != null) {
            cache.put(new Key(stream, logId), Boolean.TRUE);
        }
    }

    /** Approximate number of entries, for metrics. */
    public long size() {
        return cache == null ? 0 : cache.estimatedSize();
    }

    /** Runs pending evictions now (tests). */
    public void cleanUp() {
        if (cache != null) {
            cache.cleanUp();
        }
    }
}
