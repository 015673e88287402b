package io.authstream.analyzer.engine;

import java.util.HashMap;
import java.util.Map;

/**
 * The time at which a sliding rule's alerts may resolve and its idle groups be forgotten: the
 * slowest source partition's stream time, moved on by wall-clock time while it stands still.
 *
 * <p>Why the slowest: after the repartition, the signals of one group come from every partition of
 * the events topic, and while a backlog is replayed those run hours of event time apart. The
 * second stage's own stream time follows the fastest of them, so resolving on it would close an
 * episode that a lagging partition still holds events of, and those events would then open a
 * second one. Each signal carries its source partition and that partition's stream time
 * ({@link Signal#source()}, {@link Signal#sourceTime()}); this clock is the minimum over the
 * sources seen since start, plus the wall time since that minimum last moved (so a quiet stream
 * still resolves, prior-art §5). Signals without a source (older versions) fall back to the task's
 * stream time. Before any signal it is wall time, but only {@link #STARTUP_HOLD_MS} after start:
 * a restarted analyzer should first see its backlog before resolving what it restored.
 */
public final class SourceClock {
    static final long STARTUP_HOLD_MS = 60_000;
    private final Map<Integer, Long> sources = new HashMap<>();
    private long low = Long.MIN_VALUE;
    private long wallAtAdvance;
    private long startWall = Long.MIN_VALUE;

    /** Notes a signal from {@code source} stamped with that source's stream time. */
    public void observe(int source, long sourceTime, long streamTime, long wall) {
        long t = source < 0 || sourceTime < 0 ? streamTime : sourceTime;
        if (t < 0) {
            return;
        }
        sources.merge(source, t, Math::max);
        long min = Long.MAX_VALUE;
        for (long v : sources.values()) {
            min = Math.min(min, v);
        }
        if (min > low) {
            low = min;
            wallAtAdvance = wall;
        }
    }

    /** Now, or {@link Long#MIN_VALUE} while a restarted processor waits for its first signal. */
    public long now(long wall) {
        if (startWall == Long.MIN_VALUE) {
            startWall = wall;
        }
        if (low == Long.MIN_VALUE) {
            return wall - startWall >= STARTUP_HOLD_MS ? wall : Long.MIN_VALUE;
        }
        return low + Math.max(0, wall - wallAtAdvance);
    }
}
