package io.authstream.archive;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authstream.schemas.index.IndexLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Turns one record of {@code auth0-alerts} into a bulk {@code create} action for the alerts index.
 * The alert JSON goes under {@code alert} as the analyzer wrote it; {@code @timestamp} and the
 * monthly index come from the record timestamp (Kafka Streams carries the triggering event's time).
 *
 * <p>{@code _id} is the record key plus a hash of the value: every state change of an alert
 * (fired, updated, resolved) is its own document, and a redelivered record is the same document,
 * so replays add nothing. Not thread-safe.
 */
public final class AlertDocuments {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final IndexLayout layout;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream(2048);

    public AlertDocuments(IndexLayout layout) {
        this.layout = layout;
    }

    public EventDocuments.Result build(String key, byte[] value, long recordTimestamp) {
        JsonNode alert;
        try {
            alert = value == null ? null : MAPPER.readTree(value);
        } catch (IOException e) {
            return new EventDocuments.Invalid(key, "invalid-alert", "alert record is not JSON: " + io.authstream.schemas.event.EnvelopeParser.jsonProblem(e));
        }
        if (alert == null || !alert.isObject()) {
            return new EventDocuments.Invalid(key, "invalid-alert", "alert record must be a JSON object");
        }
        Instant at = Instant.ofEpochMilli(Math.max(0, recordTimestamp));
        String index = layout.alertIndex(at);
        String id = (key == null || key.isEmpty() ? alert.path("id").asText("alert") : key) + "-" + hash(value);
        buf.reset();
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(buf, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeObjectFieldStart("create");
            g.writeStringField("_index", index);
            g.writeStringField("_id", id);
            g.writeEndObject();
            g.writeEndObject();
            g.writeRaw('\n');
            g.writeStartObject();
            g.writeStringField("@timestamp", at.toString());
            g.writeObjectFieldStart("event");
            g.writeFieldName("original");
            g.writeUTF8String(value, 0, value.length);
            g.writeEndObject();
            g.writeFieldName("alert");
            MAPPER.writeTree(g, alert);
            if (key != null) {
                g.writeObjectFieldStart("authstream");
                g.writeStringField("kafka_key", key);
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new EventDocuments.Built(index, id, buf.toByteArray());
    }

    private static String hash(byte[] value) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(value);
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
