package io.authstream.analyzer.stream;

import io.authstream.schemas.event.Auth0Event;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of events on {@code auth0-log-events}: the original JSON bytes in, a validated
 * {@link Auth0Event} out. An invalid event throws {@code InvalidEventException}, which Kafka Streams
 * hands to {@link DeadLetters}: the record goes to the rejected topic and processing goes on.
 */
public final class EventSerde {
    private EventSerde() {
    }

    public static Serde<Auth0Event> serde() {
        Serializer<Auth0Event> ser = (topic, e) -> e == null ? null : e.raw();
        Deserializer<Auth0Event> de = (topic, b) -> b == null ? null : Auth0Event.parse(b);
        return Serdes.serdeFrom(ser, de);
    }
}
