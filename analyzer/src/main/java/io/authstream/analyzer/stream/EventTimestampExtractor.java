package io.authstream.analyzer.stream;

import io.authstream.analyzer.engine.AnalyzerMetrics;
import io.authstream.schemas.event.Auth0Event;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time is {@code data.date}, never arrival time (design: Time), with one exception: a date
 * more than {@code maxFutureMs} ahead of the wall clock is clamped to wall clock + {@code maxFutureMs}
 * and counted ({@code authstream.analyzer.future.clamped}).
 *
 * <p>Why: every record the analyzer writes (repartition, change-logs, alerts) inherits this time,
 * and the broker refuses records stamped more than {@code log.message.timestamp.after.max.ms}
 * (1 h by default) in the future. Under exactly-once one refused record aborts the transaction and
 * kills the stream thread, again and again: a single event with a bogus future date would wedge the
 * analyzer. Keep {@code analyzer.max-future} below the broker's limit.
 *
 * <p>A record without a parsed event (null value) keeps the partition's current time.
 */
public final class EventTimestampExtractor implements TimestampExtractor {
    private final LongSupplier wallClock;
    private final long maxFutureMs;
    private final AnalyzerMetrics metrics;

    public EventTimestampExtractor(LongSupplier wallClock, long maxFutureMs, AnalyzerMetrics metrics) {
        this.wallClock = wallClock;
        this.maxFutureMs = maxFutureMs;
        this.metrics = metrics;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof Auth0Event e) {
            long t = e.date().toEpochMilli();
            long limit = wallClock.getAsLong() + maxFutureMs;
            if (t > limit) {
                metrics.futureClamped();
                return limit;
            }
            return Math.max(0, t);
        }
        return Math.max(0, partitionTime);
    }
}
