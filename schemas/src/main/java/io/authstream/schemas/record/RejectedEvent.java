package io.authstream.schemas.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A dead letter on {@code auth0-log-events-rejected}: the original bytes, kept (bounded by the
 * producer), with why and where they were rejected. Schema: {@code json-schema/rejected-event.schema.json}.
 *
 * @param source     which component rejected it: {@code ingest}, {@code analyzer}, {@code archive}
 * @param errorType  a stable machine-readable code, e.g. {@code invalid-envelope}, {@code unparseable-body},
 *                   or Elasticsearch's error {@code type} such as {@code mapper_parsing_exception}
 * @param reason     a sentence a person can act on
 * @param logId      the event's {@code log_id} when it could be read, else null
 * @param truncated  true when {@code original} was cut to the dead-letter size limit
 */
public record RejectedEvent(String source, String errorType, String reason, String stream, String tenant,
                            String logId, Instant rejectedAt, byte[] original, boolean truncated) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public RejectedEvent {
        requireText(source, "source");
        requireText(errorType, "errorType");
        requireText(reason, "reason");
        Objects.requireNonNull(rejectedAt, "rejectedAt");
        original = original == null ? new byte[0] : original.clone();
    }

    private static void requireText(String v, String name) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(name + " must be a non-blank string, was " + (v == null ? "null" : "'" + v + "'"));
        }
    }

    /**
     * Keeps at most {@code maxBytes} of {@code bytes[off, off+len)}, marking the record truncated if
     * cut. Size {@code maxBytes} so that the JSON form fits the topic's record limit
     * ({@code Topics.MAX_MESSAGE_BYTES}): text is at most 6 bytes of JSON per byte when every
     * byte needs a six-character escape, base64 4 per 3.
     */
    public static RejectedEvent of(String source, String errorType, String reason, String stream, String tenant,
                                   String logId, Instant at, byte[] bytes, int off, int len, int maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative, was " + maxBytes);
        }
        int keep = Math.min(len, maxBytes);
        return new RejectedEvent(source, errorType, reason, stream, tenant, logId, at,
                Arrays.copyOfRange(bytes, off, off + keep), keep < len);
    }

    @Override
    public byte[] original() {
        return original.clone();
    }

    /**
     * JSON form. The original goes in {@code original} when it is valid UTF-8, else base64 in
     * {@code original_base64}, so that invalid input is kept byte-for-byte.
     */
    public byte[] toJson() {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("source", source);
        n.put("error_type", errorType);
        n.put("reason", reason);
        putNullable(n, "stream", stream);
        putNullable(n, "tenant", tenant);
        putNullable(n, "log_id", logId);
        n.put("rejected_at", rejectedAt.toString());
        n.put("truncated", truncated);
        String text = utf8(original);
        if (text != null) {
            n.put("original", text);
        } else {
            n.put("original_base64", Base64.getEncoder().encodeToString(original));
        }
        try {
            return MAPPER.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads the JSON form back.
     *
     * @throws IllegalArgumentException saying which field is missing or wrong
     */
    public static RejectedEvent fromJson(byte[] json) {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a rejected-event record: " + e.getMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a rejected-event record: not a JSON object");
        }
        try {
            byte[] orig;
            if (n.has("original_base64")) {
                orig = Base64.getDecoder().decode(required(n, "original_base64"));
            } else {
                orig = required(n, "original").getBytes(StandardCharsets.UTF_8);
            }
            JsonNode truncated = n.path("truncated");
            if (!truncated.isBoolean()) {
                throw new IllegalArgumentException("'truncated' must be true or false");
            }
            return new RejectedEvent(required(n, "source"), required(n, "error_type"), required(n, "reason"),
                    text(n, "stream"), text(n, "tenant"), text(n, "log_id"), Instant.parse(required(n, "rejected_at")),
                    orig, truncated.booleanValue());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("not a rejected-event record: 'rejected_at' is not an ISO-8601 instant", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a rejected-event record: " + e.getMessage(), e);
        }
    }

    private static String required(JsonNode n, String f) {
        JsonNode v = n.path(f);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("'" + f + "' must be a string" + (v.isMissingNode() ? " (it is missing)" : ""));
        }
        return v.asText();
    }

    private static String text(JsonNode n, String f) {
        return n.hasNonNull(f) ? required(n, f) : null;
    }

    private static void putNullable(ObjectNode n, String f, String v) {
        if (v == null) {
            n.putNull(f);
        } else {
            n.put(f, v);
        }
    }

    private static String utf8(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RejectedEvent r && source.equals(r.source) && errorType.equals(r.errorType)
                && reason.equals(r.reason) && Objects.equals(stream, r.stream) && Objects.equals(tenant, r.tenant)
                && Objects.equals(logId, r.logId) && rejectedAt.equals(r.rejectedAt)
                && Arrays.equals(original, r.original) && truncated == r.truncated;
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, errorType, reason, stream, tenant, logId, rejectedAt, Arrays.hashCode(original), truncated);
    }

    @Override
    public String toString() {
        return "RejectedEvent[" + source + " " + errorType + ": " + reason + ", log_id=" + logId + ", " + original.length + " bytes]";
    }
}
