package io.authstream.archive;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authstream.schemas.catalogue.EventCatalogue;
import io.authstream.schemas.catalogue.EventCode;
import io.authstream.schemas.event.Auth0Event;
import io.authstream.schemas.event.EnvelopeParser;
import io.authstream.schemas.event.EnvelopeResult;
import io.authstream.schemas.index.IndexLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * Turns one record of {@code auth0-log-events} into a bulk {@code create} action plus its
 * document, following the archive document contract (see {@code docs/archive.md}): ECS fields,
 * the whole {@code data} under {@code auth0}, classification under {@code authstream}, and the
 * original JSON byte-for-byte in {@code event.original}. Not thread-safe (it reuses a buffer): one
 * instance per thread.
 */
public final class EventDocuments {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = MAPPER.getFactory();

    private final EventCatalogue catalogue;
    private final IndexLayout layout;
    private final EnvelopeParser parser = new EnvelopeParser();
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream(4096);

    public EventDocuments(EventCatalogue catalogue, IndexLayout layout) {
        this.catalogue = catalogue;
        this.layout = layout;
    }

    /** A bulk line pair ready to send, or why the record cannot be archived. */
    public sealed interface Result permits Built, Invalid {
    }

    /**
     * @param index the target index
     * @param id    the document id ({@code log_id})
     * @param line  {@code {"create":{...}}\n<document>\n}
     */
    public record Built(String index, String id, byte[] line) implements Result {
    }

    /** The event breaks the envelope rules; it goes to the dead-letter topic. */
    public record Invalid(String logId, String errorType, String reason) implements Result {
    }

    /**
     * Builds the action and document for one event.
     *
     * @param raw        the record value: the original event JSON
     * @param stream     the {@code authstream-stream} header, or null
     * @param tenant     the {@code authstream-tenant} header, or null (then {@code data.tenant_name})
     * @param receivedAt the {@code authstream-received-at} header, or null
     */
    public Result build(byte[] raw, String stream, String tenant, String receivedAt) {
        if (raw == null || raw.length == 0) {
            return new Invalid(null, "invalid-envelope", "record value is empty");
        }
        EnvelopeResult r = parser.validate(raw);
        if (r instanceof EnvelopeResult.Invalid inv) {
            return new Invalid(null, "invalid-envelope", inv.reason());
        }
        Auth0Event e;
        try {
            e = Auth0Event.parse(((EnvelopeResult.Valid) r).envelope(), raw);
        } catch (RuntimeException ex) {
            return new Invalid(((EnvelopeResult.Valid) r).envelope().logId(), "invalid-envelope", ex.getMessage());
        }
        EventCode code = catalogue.lookup(e.type());
        String index = layout.eventIndex(code.retentionClass(), e.date());
        buf.reset();
        try (JsonGenerator g = JSON.createGenerator(buf, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeObjectFieldStart("create");
            g.writeStringField("_index", index);
            g.writeStringField("_id", e.logId());
            g.writeEndObject();
            g.writeEndObject();
            g.writeRaw('\n');
            writeDocument(g, e, raw, code, stream, tenant, receivedAt);
            g.writeRaw('\n');
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return new Built(index, e.logId(), buf.toByteArray());
    }

    private static void writeDocument(JsonGenerator g, Auth0Event e, byte[] raw, EventCode code, String stream,
                                      String tenant, String receivedAt) throws IOException {
        g.writeStartObject();
        g.writeStringField("@timestamp", e.date().toString());
        g.writeObjectFieldStart("event");
        g.writeStringField("id", e.logId());
        g.writeStringField("code", e.type());
        g.writeStringField("action", code.name());
        stringArray(g, "category", code.ecsCategory());
        stringArray(g, "type", code.ecsType());
        g.writeStringField("outcome", code.outcome().id());
        Instant ingested = instant(receivedAt);
        if (ingested != null) {
            g.writeStringField("ingested", ingested.toString());
        }
        g.writeFieldName("original");
        // The raw bytes are UTF-8 JSON; Jackson escapes them into one string without decoding to UTF-16.
        g.writeUTF8String(raw, 0, raw.length);
        g.writeEndObject();

        Optional<String> ip = e.ip();
        if (ip.isPresent()) {
            g.writeObjectFieldStart("source");
            g.writeStringField("ip", ip.get());
            g.writeEndObject();
        }
        Optional<String> userId = e.userId();
        Optional<String> userName = e.userName();
        if (userId.isPresent() || userName.isPresent()) {
            g.writeObjectFieldStart("user");
            if (userId.isPresent()) {
                g.writeStringField("id", userId.get());
            }
            if (userName.isPresent()) {
                g.writeStringField("name", userName.get());
            }
            g.writeEndObject();
        }
        Optional<String> ua = e.userAgent();
        if (ua.isPresent()) {
            g.writeObjectFieldStart("user_agent");
            g.writeStringField("original", ua.get());
            g.writeEndObject();
        }
        g.writeFieldName("auth0");
        JsonNode data = e.data();
        MAPPER.writeTree(g, data);

        g.writeObjectFieldStart("authstream");
        g.writeStringField("category", code.category().id());
        stringArray(g, "signals", code.signals().stream().sorted().toList());
        g.writeStringField("retention_class", code.retentionClass().id());
        if (stream != null && !stream.isEmpty()) {
            g.writeStringField("stream", stream);
        }
        String t = tenant != null && !tenant.isEmpty() ? tenant : e.tenant().orElse(null);
        if (t != null) {
            g.writeStringField("tenant", t);
        }
        g.writeBooleanField("catalogue_known", code.known());
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void stringArray(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static Instant instant(String iso) {
        if (iso == null || iso.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(iso);
        } catch (DateTimeParseException ex) {
            return EnvelopeParser.parseDate(iso);
        }
    }
}
