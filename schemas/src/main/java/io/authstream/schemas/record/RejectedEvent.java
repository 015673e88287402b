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

    /**
     * The most one dead-letter record may take as it is sent, key + value + headers: the one cap
     * every dead-letter producer cuts to (analyzer, archive). It sits under the producer's default
     * {@code max.request.size} (1 MiB, the binding limit) and the topic's {@code max.message.bytes}
     * ({@code Topics.MAX_MESSAGE_BYTES}, 2 MiB), with 16 KiB left for the record-batch framing, so a
     * dead letter cut to it is accepted whatever the original was made of.
     */
    public static final int MAX_RECORD_BYTES = (1 << 20) - 16 * 1024;
    /** {@link #fitting} cuts a longer reason (Elasticsearch reasons quote field values) to this many characters. */
    public static final int MAX_REASON_CHARS = 2000;

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

    /**
     * Like {@link #of}, but cut by <em>serialized</em> size: keeps as much of the original as lets
     * {@link #toJson()} be at most {@code maxJsonBytes} bytes, whatever the escaping costs (a NUL is
     * six bytes of JSON, a UTF-16 event grows about fourfold, invalid UTF-8 goes out as base64).
     * A valid UTF-8 original is cut at a character boundary, so it stays text. The reason is cut to
     * {@link #MAX_REASON_CHARS}. Use {@link #maxJsonBytes(int)} for the budget of a record.
     *
     * @throws IllegalArgumentException when not even an empty original fits
     */
    public static RejectedEvent fitting(String source, String errorType, String reason, String stream, String tenant,
                                        String logId, Instant at, byte[] bytes, int off, int len, int maxJsonBytes) {
        String why = reason != null && reason.length() > MAX_REASON_CHARS
                ? reason.substring(0, MAX_REASON_CHARS) + "…" : reason;
        RejectedEvent whole = new RejectedEvent(source, errorType, why, stream, tenant, logId, at,
                Arrays.copyOfRange(bytes, off, off + len), false);
        int size = whole.toJson().length;
        if (size <= maxJsonBytes) {
            return whole;
        }
        boolean text = utf8(whole.original) != null;
        // Shrink by the measured expansion, then re-measure: converges in a few rounds because each
        // cut keeps a prefix whose JSON cost per byte is known from the round before.
        int keep = len;
        for (int round = 0; round < 64; round++) {
            RejectedEvent empty = new RejectedEvent(source, errorType, why, stream, tenant, logId, at, new byte[0], true);
            int fixed = empty.toJson().length;
            if (fixed > maxJsonBytes) {
                throw new IllegalArgumentException("a dead letter needs " + fixed + " bytes without its original, more than " + maxJsonBytes);
            }
            double perByte = keep == 0 ? 1 : Math.max(1.0, (double) (size - fixed) / keep);
            int next = (int) Math.min(keep - 1L, (long) Math.floor((maxJsonBytes - fixed) / perByte * 0.98));
            next = Math.max(0, next);
            if (text) {
                while (next > 0 && next < len && (bytes[off + next] & 0xC0) == 0x80) {
                    next--; // never split a character: a cut text stays text (and keeps its 1:1 cost)
                }
            }
            RejectedEvent cut = new RejectedEvent(source, errorType, why, stream, tenant, logId, at,
                    Arrays.copyOfRange(bytes, off, off + next), true);
            size = cut.toJson().length;
            keep = next;
            if (size <= maxJsonBytes) {
                return cut;
            }
        }
        return new RejectedEvent(source, errorType, why, stream, tenant, logId, at, new byte[0], true);
    }

    /**
     * The room left for the JSON value of a dead-letter record whose key and headers take
     * {@code keyAndHeaderBytes}: {@link #MAX_RECORD_BYTES} minus those.
     */
    public static int maxJsonBytes(int keyAndHeaderBytes) {
        return Math.max(0, MAX_RECORD_BYTES - keyAndHeaderBytes);
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
