package io.authstream.archive;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authstream.enrich.Enricher;
import io.authstream.enrich.Enrichment;
import io.authstream.schemas.catalogue.EventCatalogue;
import io.authstream.schemas.catalogue.EventCode;
import io.authstream.schemas.event.Envelope;
import io.authstream.schemas.event.EnvelopeParser;
import io.authstream.schemas.event.EnvelopeResult;
import io.authstream.schemas.index.IndexLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Turns one record of {@code auth0-log-events} into a bulk {@code create} action plus its
 * document, following the archive document contract (see {@code docs/archive.md}): ECS fields,
 * the whole {@code data} under {@code auth0}, classification under {@code authstream}, and the
 * original JSON byte-for-byte in {@code event.original}, and the enrichment ({@code source.geo},
 * {@code source.as}, parsed {@code user_agent}) from the fields the same pass reads. Not thread-safe (it reuses a buffer): one
 * instance per thread.
 */
public final class EventDocuments {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = MAPPER.getFactory();

    /** The ECS version the documents follow ({@code ecs.version}). */
    static final String ECS_VERSION = "8.17.0";

    private final EventCatalogue catalogue;
    private final IndexLayout layout;
    private final Enricher enricher;
    private final EnvelopeParser parser = new EnvelopeParser();
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream(4096);

    /** Documents without GeoIP or user-agent enrichment. */
    public EventDocuments(EventCatalogue catalogue, IndexLayout layout) {
        this(catalogue, layout, Enricher.none());
    }

    /** @param enricher shared by every instance (it is thread-safe and caches per address and user agent) */
    public EventDocuments(EventCatalogue catalogue, IndexLayout layout, Enricher enricher) {
        this.catalogue = catalogue;
        this.layout = layout;
        this.enricher = enricher;
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
        Envelope env = ((EnvelopeResult.Valid) r).envelope();
        EventCode code = catalogue.lookup(env.type());
        String index = layout.eventIndex(code.retentionClass(), env.date());
        buf.reset();
        try (JsonGenerator g = JSON.createGenerator(buf, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeObjectFieldStart("create");
            g.writeStringField("_index", index);
            g.writeStringField("_id", env.logId());
            g.writeEndObject();
            g.writeEndObject();
            g.writeRaw('\n');
            g.writeStartObject();
            // auth0.*: the data object's bytes, verbatim; the pass also picks out the fields ECS needs.
            Fields f = new Fields();
            g.writeFieldName("auth0");
            g.writeRawValue("");
            g.flush();
            copyData(raw, f);
            Enrichment enrichment = enricher.enrich(f.ip, f.userAgent, f.locationInfo);
            writeEcsAndClassification(g, env, raw, code, f, enrichment, stream, tenant, receivedAt);
            g.writeEndObject();
            g.writeRaw('\n');
        } catch (IOException ex) {
            return new Invalid(env.logId(), "invalid-envelope", "event is not valid JSON: " + EnvelopeParser.jsonProblem(ex));
        }
        return new Built(index, env.logId(), buf.toByteArray());
    }

    /** Top-level string fields of {@code data} the ECS part of the document needs. */
    private static final class Fields {
        String ip;
        String userId;
        String userName;
        String userAgent;
        String tenantName;
        JsonNode locationInfo;
        boolean error;
    }

    /** Appends the raw {@code data} object to the buffer and reads the wanted fields in the same pass. */
    private void copyData(byte[] raw, Fields f) throws IOException {
        try (JsonParser p = JSON.createParser(raw)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (!"data".equals(name) || v != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    continue;
                }
                int start = (int) p.currentTokenLocation().getByteOffset();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken fv = p.nextToken();
                    if (fv == JsonToken.VALUE_STRING) {
                        switch (field) {
                            case "ip" -> f.ip = nonEmpty(p.getText());
                            case "user_id" -> f.userId = nonEmpty(p.getText());
                            case "user_name" -> f.userName = nonEmpty(p.getText());
                            case "user_agent" -> f.userAgent = nonEmpty(p.getText());
                            case "tenant_name" -> f.tenantName = nonEmpty(p.getText());
                            default -> { }
                        }
                    } else if (fv == JsonToken.START_OBJECT && "location_info".equals(field)) {
                        f.locationInfo = p.readValueAsTree();
                    } else if (fv == JsonToken.START_OBJECT && "details".equals(field)) {
                        f.error = hasErrorField(p);
                    } else {
                        p.skipChildren();
                    }
                }
                int end = (int) p.currentTokenLocation().getByteOffset() + 1;
                buf.write(raw, start, end - start);
                return;
            }
        }
    }

    /** Reads a {@code details} object to its end, telling whether it has a non-null {@code error} member. */
    private static boolean hasErrorField(JsonParser p) throws IOException {
        boolean error = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if ("error".equals(name) && v != JsonToken.VALUE_NULL) {
                error = true;
            }
            p.skipChildren();
        }
        return error;
    }

    private static String nonEmpty(String s) {
        return s.isEmpty() ? null : s;
    }

    private static void writeEcsAndClassification(JsonGenerator g, Envelope e, byte[] raw, EventCode code, Fields f,
                                                  Enrichment enrichment, String stream, String tenant, String receivedAt)
            throws IOException {
        g.writeStringField("@timestamp", e.date().toString());
        g.writeObjectFieldStart("event");
        g.writeStringField("id", e.logId());
        g.writeStringField("code", e.type());
        g.writeStringField("action", code.name());
        stringArray(g, "category", code.ecsCategory());
        stringArray(g, "type", code.ecsType());
        g.writeStringField("outcome", code.outcome().id());
        g.writeStringField("kind", "event");
        g.writeStringField("dataset", "auth0.logs");
        g.writeStringField("module", "auth0");
        Instant ingested = instant(receivedAt);
        if (ingested != null) {
            g.writeStringField("ingested", ingested.toString());
        }
        g.writeFieldName("original");
        // The raw bytes are UTF-8 JSON; Jackson escapes them into one string without decoding to UTF-16.
        g.writeUTF8String(raw, 0, raw.length);
        g.writeEndObject();
        g.writeObjectFieldStart("ecs");
        g.writeStringField("version", ECS_VERSION);
        g.writeEndObject();
        if (f.error) {
            g.writeObjectFieldStart("log");
            g.writeStringField("level", "error");
            g.writeEndObject();
        }
        if (f.ip != null) {
            g.writeObjectFieldStart("source");
            g.writeStringField("ip", f.ip);
            enrichment.writeSourceFields(g);
            g.writeEndObject();
            g.writeObjectFieldStart("network");
            g.writeStringField("type", f.ip.indexOf(':') >= 0 ? "ipv6" : "ipv4");
            g.writeEndObject();
        }
        writeRelated(g, f);
        if (f.userId != null || f.userName != null) {
            g.writeObjectFieldStart("user");
            if (f.userId != null) {
                g.writeStringField("id", f.userId);
            }
            if (f.userName != null) {
                g.writeStringField("name", f.userName);
            }
            g.writeEndObject();
        }
        if (f.userAgent != null) {
            g.writeObjectFieldStart("user_agent");
            g.writeStringField("original", f.userAgent);
            enrichment.writeUserAgentFields(g);
            g.writeEndObject();
        }
        g.writeObjectFieldStart("authstream");
        g.writeStringField("category", code.category().id());
        stringArray(g, "signals", code.signals().stream().sorted().toList());
        g.writeStringField("retention_class", code.retentionClass().id());
        if (stream != null && !stream.isEmpty()) {
            g.writeStringField("stream", stream);
        }
        String t = tenant != null && !tenant.isEmpty() ? tenant : f.tenantName;
        if (t != null) {
            g.writeStringField("tenant", t);
        }
        g.writeBooleanField("catalogue_known", code.known());
        g.writeEndObject();
    }

    /** ECS {@code related.ip} / {@code related.user}: what Kibana's "related" pivots search. */
    private static void writeRelated(JsonGenerator g, Fields f) throws IOException {
        if (f.ip == null && f.userId == null && f.userName == null) {
            return;
        }
        g.writeObjectFieldStart("related");
        if (f.ip != null) {
            stringArray(g, "ip", List.of(f.ip));
        }
        List<String> users = new java.util.ArrayList<>(2);
        if (f.userId != null) {
            users.add(f.userId);
        }
        if (f.userName != null && !f.userName.equals(f.userId)) {
            users.add(f.userName);
        }
        if (!users.isEmpty()) {
            stringArray(g, "user", users);
        }
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
