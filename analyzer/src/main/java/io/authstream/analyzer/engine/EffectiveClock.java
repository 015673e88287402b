package io.authstream.analyzer.engine;

import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The time at which windows count as closed: the task's stream time, moved on by wall-clock time
 * while stream time stands still. Kafka Streams' stream time only moves with data, so a quiet
 * partition would never close its windows (prior-art §5); wall time alone would close every window
 * of a replayed backlog at once. This clock follows event time while data flows and wall time
 * while it does not. Before the first record it is wall time. One per processor instance.
 */
public final class EffectiveClock {
    private long lastStreamTime = Long.MIN_VALUE;
    private long wallAtAdvance;

    public long now(ProcessorContext<?, ?> ctx) {
        long stream = ctx.currentStreamTimeMs();
        long wall = ctx.currentSystemTimeMs();
        if (stream < 0) {
            return wall;
        }
        if (stream > lastStreamTime) {
            lastStreamTime = stream;
            wallAtAdvance = wall;
        }
        return stream + Math.max(0, wall - wallAtAdvance);
    }
}
