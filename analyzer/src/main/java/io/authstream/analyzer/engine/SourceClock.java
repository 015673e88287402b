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
 * stream time. Until every expected source has been seen it stands still (a processor that has
 * heard only from the fast partitions knows nothing of the slow one), but at most
 * {@link #STARTUP_HOLD_MS} of wall time after start: a source may simply have nothing for this
 * rule. After that it is the minimum over the sources seen, or wall time if none was.
 */
public final class SourceClock {
    static final long STARTUP_HOLD_MS = 60_000;
    private final Map<Integer, Long> sources = new HashMap<>();
    private final int expectedSources;
    private long low = Long.MIN_VALUE;
    private long wallAtAdvance;
    private long startWall = Long.MIN_VALUE;

    /** @param expectedSources partitions of the events topic */
    public SourceClock(int expectedSources) {
        this.expectedSources = expectedSources;
    }

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
        // it moves back only when a source is heard from for the first time, and then it must: that source is behind
        if (min != low) {
            low = min;
            wallAtAdvance = wall;
        }
    }

    /** Now, or {@link Long#MIN_VALUE} while it waits for its sources after start. */
    public long now(long wall) {
        if (startWall == Long.MIN_VALUE) {
            startWall = wall;
        }
        if (sources.size() < expectedSources && wall - startWall < STARTUP_HOLD_MS) {
            return Long.MIN_VALUE;
        }
        if (low == Long.MIN_VALUE) {
            return wall;
        }
        return low + Math.max(0, wall - wallAtAdvance);
    }

    /** Starts the hold; called when the processor starts (else the first {@link #now} does). */
    public void start(long wall) {
        startWall = wall;
    }
}
