package io.authstream.schemas.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Validates Auth0 events against the envelope rules in one streaming pass, without building a
 * tree: the fast path used by ingest and by every consumer that only needs identity, code and time.
 *
 * <p>Rules: the event is a JSON object; {@code log_id} is a non-empty string of at most 512 bytes;
 * {@code data} is an object with a non-empty string {@code type} and an ISO-8601 {@code date} with
 * a time zone; {@code data.log_id}, when present, equals {@code log_id}. Unknown fields are allowed.
 * Size, depth and string length are bounded by {@link EnvelopeLimits}. Thread-safe.
 */
public final class EnvelopeParser {
    private final JsonFactory factory;
    private final EnvelopeLimits limits;

    public EnvelopeParser() {
        this(EnvelopeLimits.DEFAULT);
    }

    public EnvelopeParser(EnvelopeLimits limits) {
        this.limits = limits;
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth())
                        .maxStringLength(limits.maxStringLength())
                        .maxNumberLength(1000)
                        .maxDocumentLength(limits.maxEventBytes())
                        .build())
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    /** The factory with these limits, for callers that stream a whole request body. */
    public JsonFactory factory() {
        return factory;
    }

    public EnvelopeLimits limits() {
        return limits;
    }

    public EnvelopeResult validate(byte[] event) {
        return validate(event, 0, event.length);
    }

    /** Validates the single JSON value in {@code buf[off, off+len)}; trailing content is an error. */
    public EnvelopeResult validate(byte[] buf, int off, int len) {
        if (len > limits.maxEventBytes()) {
            return invalid("event is larger than " + limits.maxEventBytes() + " bytes (" + len + ")");
        }
        try (JsonParser p = factory.createParser(buf, off, len)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return invalid("event is empty");
            }
            EnvelopeResult r = read(p);
            if (r.isValid() && p.nextToken() != null) {
                return invalid("unexpected content after the event object");
            }
            return r;
        } catch (StreamConstraintsException e) {
            return invalid("event exceeds a parsing limit: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            return invalid("event is not valid JSON: " + jsonProblem(e));
        }
    }

    /**
     * Reads one event from a parser positioned on its first token and leaves it on the event's last
     * token, valid or not (so a caller streaming an array can go on). Syntax errors propagate.
     */
    public EnvelopeResult read(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            String what = describe(p.currentToken());
            p.skipChildren();
            return invalid("event must be a JSON object, was " + what);
        }
        String logId = null;
        boolean logIdSeen = false;
        String logIdProblem = null;
        String type = null;
        String dateText = null;
        String innerLogId = null;
        String dataProblem = null;
        boolean dataSeen = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if ("log_id".equals(name)) {
                logIdSeen = true;
                if (v == JsonToken.VALUE_STRING) {
                    logId = p.getText();
                } else {
                    logIdProblem = "log_id must be a string, was " + describe(v);
                    p.skipChildren();
                }
            } else if ("data".equals(name)) {
                dataSeen = true;
                if (v != JsonToken.START_OBJECT) {
                    dataProblem = "data must be a JSON object, was " + describe(v);
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    JsonToken fv = p.nextToken();
                    switch (f) {
                        case "type" -> {
                            if (fv == JsonToken.VALUE_STRING) {
                                type = p.getText();
                            } else {
                                dataProblem = firstOf(dataProblem, "data.type must be a string, was " + describe(fv));
                                p.skipChildren();
                            }
                        }
                        case "date" -> {
                            if (fv == JsonToken.VALUE_STRING) {
                                dateText = p.getText();
                            } else {
                                dataProblem = firstOf(dataProblem, "data.date must be an ISO-8601 string, was " + describe(fv));
                                p.skipChildren();
                            }
                        }
                        case "log_id" -> {
                            if (fv == JsonToken.VALUE_STRING) {
                                innerLogId = p.getText();
                            } else if (fv != JsonToken.VALUE_NULL) {
                                dataProblem = firstOf(dataProblem, "data.log_id must be a string, was " + describe(fv));
                                p.skipChildren();
                            }
                        }
                        default -> p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        if (logIdProblem != null) {
            return invalid(logIdProblem);
        }
        if (!logIdSeen || logId == null) {
            return invalid("log_id is missing");
        }
        if (logId.isBlank()) {
            return invalid("log_id is empty");
        }
        if (logId.getBytes(StandardCharsets.UTF_8).length > EnvelopeLimits.MAX_LOG_ID_BYTES) {
            return invalid("log_id is longer than " + EnvelopeLimits.MAX_LOG_ID_BYTES + " bytes");
        }
        if (!dataSeen) {
            return invalid("data is missing");
        }
        if (dataProblem != null) {
            return invalid(dataProblem);
        }
        if (type == null) {
            return invalid("data.type is missing");
        }
        if (type.isBlank()) {
            return invalid("data.type is empty");
        }
        if (type.length() > EnvelopeLimits.MAX_TYPE_LENGTH) {
            return invalid("data.type is longer than " + EnvelopeLimits.MAX_TYPE_LENGTH + " characters");
        }
        if (dateText == null) {
            return invalid("data.date is missing");
        }
        Instant date = parseDate(dateText);
        if (date == null) {
            return invalid("data.date is not ISO-8601 with a time zone: '" + abbreviate(dateText) + "'");
        }
        if (innerLogId != null && !innerLogId.equals(logId)) {
            return invalid("data.log_id '" + abbreviate(innerLogId) + "' differs from log_id '" + abbreviate(logId) + "'");
        }
        return new EnvelopeResult.Valid(new Envelope(logId, type, date));
    }

    /** Parses an ISO-8601 date-time with a zone ({@code Z} or an offset); null if it is not one. */
    public static Instant parseDate(String text) {
        if (text.length() > 64) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static EnvelopeResult invalid(String reason) {
        return new EnvelopeResult.Invalid(reason);
    }

    private static String firstOf(String existing, String candidate) {
        return existing != null ? existing : candidate;
    }

    static String describe(JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name() : t.asString();
        };
    }

    /** Jackson's message without the source excerpt and location noise. */
    public static String jsonProblem(IOException e) {
        String m = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        return firstLine(m == null ? e.getClass().getSimpleName() : m);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return abbreviate(nl < 0 ? s : s.substring(0, nl));
    }

    static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
