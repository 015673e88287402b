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
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(errorType, "errorType");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(rejectedAt, "rejectedAt");
        original = original == null ? new byte[0] : original.clone();
    }

    /** Keeps at most {@code maxBytes} of {@code bytes}, marking the record truncated if cut. */
    public static RejectedEvent of(String source, String errorType, String reason, String stream, String tenant,
                                   String logId, Instant at, byte[] bytes, int off, int len, int maxBytes) {
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

    /** Reads the JSON form back. */
    public static RejectedEvent fromJson(byte[] json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            byte[] orig = n.has("original_base64")
                    ? Base64.getDecoder().decode(n.get("original_base64").asText())
                    : n.path("original").asText("").getBytes(StandardCharsets.UTF_8);
            return new RejectedEvent(n.path("source").asText(), n.path("error_type").asText(), n.path("reason").asText(),
                    text(n, "stream"), text(n, "tenant"), text(n, "log_id"), Instant.parse(n.path("rejected_at").asText()),
                    orig, n.path("truncated").asBoolean());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a rejected-event record: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String f) {
        return n.hasNonNull(f) ? n.get(f).asText() : null;
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
        return Objects.hash(source, errorType, reason, logId, rejectedAt, Arrays.hashCode(original));
    }

    @Override
    public String toString() {
        return "RejectedEvent[" + source + " " + errorType + ": " + reason + ", log_id=" + logId + ", " + original.length + " bytes]";
    }
}
