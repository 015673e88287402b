package io.authstream.ingest.admission;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The {@code log_id}s recently acknowledged by Kafka, per stream, so that an Auth0 redelivery of the
 * same events is answered without producing them again.
 *
 * <p>Trap 1: entries are added only <em>after</em> Kafka acknowledged the events ({@link #rememberAll}, once a
 * whole request is acknowledged),
 * never when a request arrives; otherwise a request that failed would make its retry look like a
 * duplicate and lose the events.
 *
 * <p>Trap 2: redeliveries come soon after the original, so the <em>most recent</em> entries must be
 * kept. A size-bounded Caffeine cache does not do that: its TinyLFU admission, once full, mostly
 * refuses new keys seen only once (measured: 221 of the last 1,000 of 200,000 inserts kept in a
 * 10,000-entry cache), and its frequency sketch cost 17% of the receiver's CPU. This is therefore a
 * FIFO of {@value #GENERATIONS} generations: the current one takes new entries; when it holds
 * {@code maxEntries / GENERATIONS} entries or is {@code horizon / GENERATIONS} old, a new one starts
 * and generations beyond {@value #GENERATIONS}, or older than the horizon, are dropped. Hence the
 * latest {@code maxEntries * 7 / 8} entries are always remembered, none is kept past the horizon, and
 * at most {@code maxEntries} are held.
 *
 * <p>Two concurrent requests carrying the same new event may both produce it, which downstream
 * tolerates (archive and analyzer are idempotent on {@code log_id}). Thread-safe: lookups are
 * lock-free; {@link #rememberAll} takes a short lock once per request.
 */
public final class DedupCache {
    static final int GENERATIONS = 8;

    private record Key(String stream, String logId) {
    }

    private static final class Generation {
        final int number;
        final long started;
        final List<Key> keys = new ArrayList<>();

        Generation(int number, long started) {
            this.number = number;
            this.started = started;
        }
    }

    private final boolean enabled;
    private final long horizonNanos;
    private final long generationNanos;
    private final int generationCapacity;
    private final LongSupplier ticker;
    private final ConcurrentHashMap<Key, Integer> entries = new ConcurrentHashMap<>();
    private final ArrayDeque<Generation> generations = new ArrayDeque<>();
    private volatile int oldestLive;
    private volatile long nextRotation;

    /**
     * @param ticker nanosecond time source ({@link System#nanoTime} in production); tests move it by hand
     */
    public DedupCache(Duration horizon, long maxEntries, LongSupplier ticker) {
        this.enabled = maxEntries > 0;
        this.horizonNanos = horizon.toNanos();
        this.generationNanos = Math.max(1, horizonNanos / GENERATIONS);
        this.generationCapacity = (int) Math.max(1, Math.min(Integer.MAX_VALUE, maxEntries / GENERATIONS));
        this.ticker = ticker;
        long now = ticker.getAsLong();
        generations.add(new Generation(0, now));
        nextRotation = now + generationNanos;
    }

    public DedupCache(Duration horizon, long maxEntries) {
        this(horizon, maxEntries, System::nanoTime);
    }

    /** True when this event was acknowledged on this stream within the horizon. */
    public boolean seen(String stream, String logId) {
        if (!enabled) {
            return false;
        }
        long now = ticker.getAsLong();
        if (now - nextRotation >= 0) {
            synchronized (this) {
                rotateIfDue(now);
            }
        }
        Integer generation = entries.get(new Key(stream, logId));
        return generation != null && generation >= oldestLive;
    }

    /** Records that Kafka acknowledged this event. */
    public void remember(String stream, String logId) {
        rememberAll(stream, new String[] {logId});
    }

    /** Records that Kafka acknowledged these events (null entries are skipped), under one lock. */
    public void rememberAll(String stream, String[] logIds) {
        if (!enabled) {
            return;
        }
        synchronized (this) {
            long now = ticker.getAsLong();
            rotateIfDue(now);
            for (String logId : logIds) {
                if (logId == null) {
                    continue;
                }
                Key key = new Key(stream, logId);
                Generation current = generations.peekLast();
                Integer before = entries.put(key, current.number);
                if (before == null || before != current.number) {
                    current.keys.add(key);
                }
                if (current.keys.size() >= generationCapacity) {
                    rotate(now);
                }
            }
        }
    }

    private void rotateIfDue(long now) {
        if (now - nextRotation >= 0) {
            rotate(now);
        }
    }

    /** Starts a new generation and drops those beyond the count or the horizon. Holds the lock. */
    private void rotate(long now) {
        generations.addLast(new Generation(generations.peekLast().number + 1, now));
        nextRotation = now + generationNanos;
        while (generations.size() > GENERATIONS || now - generations.peekFirst().started > horizonNanos) {
            Generation old = generations.pollFirst();
            for (Key k : old.keys) {
                entries.remove(k, old.number);
            }
        }
        oldestLive = generations.peekFirst().number;
    }

    /** Entries held (including ones about to be dropped), for metrics. */
    public long size() {
        return entries.size();
    }
}
