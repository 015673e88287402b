package io.authstream.analyzer.stream;

import io.authstream.schemas.event.Auth0Event;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time is {@code data.date}, never arrival time (design: Time). A record without a parsed
 * event (null value) keeps the partition's current time so it cannot move windows.
 */
public final class EventTimestampExtractor implements TimestampExtractor {
    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof Auth0Event e) {
            return e.date().toEpochMilli();
        }
        return Math.max(0, partitionTime);
    }
}
