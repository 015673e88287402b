package io.authstream.analyzer.stream;

import io.authstream.schemas.event.Auth0Event;
import io.authstream.schemas.event.EnvelopeParser;
import io.authstream.schemas.event.EnvelopeResult;
import io.authstream.schemas.event.InvalidEventException;
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
    /**
     * One parser for all events: it is thread-safe, and its JSON factory keeps the field-name symbol
     * table warm. A new parser per event (what {@code Auth0Event.parse(byte[])} does) builds a new
     * factory each time, which showed up as a hot spot in profiling.
     */
    private static final EnvelopeParser PARSER = new EnvelopeParser();

    private EventSerde() {
    }

    public static Serde<Auth0Event> serde() {
        Serializer<Auth0Event> ser = (topic, e) -> e == null ? null : e.raw();
        Deserializer<Auth0Event> de = (topic, b) -> b == null ? null : parse(b);
        return Serdes.serdeFrom(ser, de);
    }

    static Auth0Event parse(byte[] raw) {
        EnvelopeResult r = PARSER.validate(raw);
        if (r instanceof EnvelopeResult.Invalid inv) {
            throw new InvalidEventException(inv.reason());
        }
        return Auth0Event.parse(((EnvelopeResult.Valid) r).envelope(), raw);
    }
}
