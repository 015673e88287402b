package io.authstream.schemas.event;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One Auth0 log-stream event: a typed, immutable view of the common fields next to the original
 * bytes, kept untouched. Fields Auth0's schemas call required may be missing in real events, so
 * every accessor except {@link #logId()}, {@link #type()} and {@link #date()} is optional.
 */
public final class Auth0Event {
    private static final EnvelopeParser DEFAULT_PARSER = new EnvelopeParser();

    private final Envelope envelope;
    private final JsonNode data;
    private final byte[] raw;

    private Auth0Event(Envelope envelope, JsonNode data, byte[] raw) {
        this.envelope = envelope;
        this.data = data;
        this.raw = raw;
    }

    /**
     * Parses and validates an event with the default limits. Accepts exactly what
     * {@link EnvelopeParser#validate} accepts, and fails with the same reason.
     *
     * @throws InvalidEventException with the precise reason when the envelope rules are broken
     */
    public static Auth0Event parse(byte[] raw) {
        return parse(DEFAULT_PARSER, raw, 0, raw.length);
    }

    /** As {@link #parse(byte[])} for {@code buf[off, off+len)}, with {@code parser}'s limits. */
    public static Auth0Event parse(EnvelopeParser parser, byte[] buf, int off, int len) {
        EnvelopeResult r = parser.validate(buf, off, len);
        if (r instanceof EnvelopeResult.Invalid inv) {
            throw new InvalidEventException(inv.reason());
        }
        byte[] copy = java.util.Arrays.copyOfRange(buf, off, off + len);
        return new Auth0Event(((EnvelopeResult.Valid) r).envelope(), tree(parser, copy), copy);
    }

    /**
     * Builds the view for an event whose envelope was already validated (by ingest, say), without
     * checking the envelope again. The bytes are copied.
     *
     * @throws InvalidEventException if the bytes are not JSON within the default limits after all
     */
    public static Auth0Event parse(Envelope envelope, byte[] raw) {
        byte[] copy = raw.clone();
        return new Auth0Event(envelope, tree(DEFAULT_PARSER, copy), copy);
    }

    private static JsonNode tree(EnvelopeParser parser, byte[] raw) {
        try {
            JsonNode data = parser.mapper.readTree(raw).path("data");
            return data.isObject() ? data : MissingNode.getInstance();
        } catch (StreamConstraintsException e) {
            throw new InvalidEventException(parser.limitProblem(e));
        } catch (IOException e) {
            throw new InvalidEventException("event is not valid JSON: " + EnvelopeParser.jsonProblem(e));
        }
    }

    public String logId() {
        return envelope.logId();
    }

    public String type() {
        return envelope.type();
    }

    public Instant date() {
        return envelope.date();
    }

    public Envelope envelope() {
        return envelope;
    }

    /** The original event bytes, exactly as received (a copy). */
    public byte[] raw() {
        return raw.clone();
    }

    /**
     * The whole {@code data} object as a tree. Trap: Jackson trees are mutable; treat it as
     * read-only (it is shared, not copied), or {@code deepCopy()} it first.
     */
    public JsonNode data() {
        return data;
    }

    public Optional<String> description() {
        return text("description");
    }

    public Optional<String> clientId() {
        return text("client_id");
    }

    public Optional<String> clientName() {
        return text("client_name");
    }

    public Optional<String> connection() {
        return text("connection");
    }

    public Optional<String> connectionId() {
        return text("connection_id");
    }

    public Optional<String> ip() {
        return text("ip");
    }

    public Optional<String> userId() {
        return text("user_id");
    }

    public Optional<String> userName() {
        return text("user_name");
    }

    public Optional<String> userAgent() {
        return text("user_agent");
    }

    public Optional<String> hostname() {
        return text("hostname");
    }

    public Optional<String> tenant() {
        return text("tenant_name");
    }

    public Optional<String> environment() {
        return text("environment_name");
    }

    public Optional<String> audience() {
        return text("audience");
    }

    public Optional<String> strategy() {
        return text("strategy");
    }

    public Optional<String> strategyType() {
        return text("strategy_type");
    }

    /** {@code scope} as Auth0 sends it either way: a space-separated string or an array of strings. */
    public List<String> scopes() {
        JsonNode s = data.path("scope");
        if (s.isArray()) {
            List<String> out = new ArrayList<>();
            s.forEach(n -> {
                if (n.isTextual() && !n.asText().isBlank()) {
                    out.add(n.asText());
                }
            });
            return List.copyOf(out);
        }
        if (s.isTextual()) {
            return Arrays.stream(s.asText().trim().split("\\s+")).filter(x -> !x.isEmpty()).toList();
        }
        return List.of();
    }

    /** {@code is_mobile} (log streams) or {@code isMobile} (Management API exports). */
    public Optional<Boolean> isMobile() {
        for (String f : new String[] {"is_mobile", "isMobile"}) {
            JsonNode n = data.path(f);
            if (n.isBoolean()) {
                return Optional.of(n.booleanValue());
            }
        }
        return Optional.empty();
    }

    /** The free-form {@code details} tree; a missing node when absent, a null node when JSON null. */
    public JsonNode details() {
        JsonNode d = data.path("details");
        return d.isMissingNode() ? MissingNode.getInstance() : d;
    }

    /** A string field of {@code data}; empty when absent, null, not text, or the empty string. */
    public Optional<String> text(String field) {
        JsonNode n = data.path(field);
        return n.isTextual() && !n.asText().isEmpty() ? Optional.of(n.asText()) : Optional.empty();
    }

    @Override
    public String toString() {
        return "Auth0Event[" + envelope.logId() + " " + envelope.type() + " " + envelope.date() + "]";
    }
}
