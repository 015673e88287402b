package io.authstream.schemas.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;

/**
 * Validates Auth0 events against the envelope rules in one streaming pass, without building a
 * tree: the fast path used by ingest and by every consumer that only needs identity, code and time.
 *
 * <p>Rules, checked in this order (the first broken one is the reason):
 * <ol>
 *   <li>the bytes are at most {@link EnvelopeLimits#maxEventBytes()}, strict UTF-8 (RFC 3629: no
 *       overlong forms, no surrogates) and contain no NUL byte, so UTF-16/32 text is refused;</li>
 *   <li>they hold exactly one JSON value, syntactically valid, with no duplicate field names at any
 *       level, nested at most {@link EnvelopeLimits#maxDepth()} deep, with no string longer than
 *       {@link EnvelopeLimits#maxStringLength()} characters and no number longer than 1,000 digits;</li>
 *   <li>that value is an object whose {@code log_id} is a non-blank string of at most 512 UTF-8
 *       bytes with no unpaired surrogate;</li>
 *   <li>its {@code data} is an object with a non-blank string {@code type} (at most 128 characters)
 *       and a {@code date} in the ISO-8601 profile described at {@link #parseDate};</li>
 *   <li>{@code data.log_id}, when present and not null, equals {@code log_id}.</li>
 * </ol>
 * Every other field is optional and may have any type. {@link Auth0Event#parse(byte[])} applies
 * exactly these rules, so an event is valid for one exactly when it is valid for the other.
 * Thread-safe.
 */
public final class EnvelopeParser {
    /** Longest accepted number literal, in characters. */
    public static final int MAX_NUMBER_LENGTH = 1000;

    private final JsonFactory factory;
    private final EnvelopeLimits limits;
    /** Builds trees with the same factory, hence the same limits, for {@link Auth0Event}. */
    final ObjectMapper mapper;

    public EnvelopeParser() {
        this(EnvelopeLimits.DEFAULT);
    }

    public EnvelopeParser(EnvelopeLimits limits) {
        this.limits = limits;
        // No maxDocumentLength: a request body streamed through factory() holds many events, and
        // read() bounds each event by itself.
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth())
                        .maxStringLength(limits.maxStringLength())
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .build())
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = new ObjectMapper(factory);
    }

    /**
     * The factory with these limits, duplicate detection on, for callers that stream a whole
     * request body. It does not cap the size of the whole document; {@link #read} caps each event.
     */
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
        String encoding = encodingProblem(buf, off, len);
        if (encoding != null) {
            return invalid(encoding);
        }
        try (JsonParser p = factory.createParser(buf, off, len)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return invalid("event is empty");
            }
            // A string cannot hold more characters than the event has bytes: below the string limit,
            // skipped strings need not be decoded to be measured (the common case, and much faster).
            EnvelopeResult r = read(p, len > limits.maxStringLength());
            if (r.isValid() && p.nextToken() != null) {
                return invalid("unexpected content after the event object");
            }
            return r;
        } catch (StreamConstraintsException e) {
            return invalid(limitProblem(e));
        } catch (IOException e) {
            return invalid("event is not valid JSON: " + jsonProblem(e));
        }
    }

    /**
     * Reads one event from a parser positioned on its first token and leaves it on the event's last
     * token, valid or not (so a caller streaming an array can go on). Syntax errors and broken
     * parsing limits propagate as exceptions ({@link #limitProblem} words the latter).
     *
     * <p>Trap: a parser cannot see the raw bytes, so this does not check the encoding. Run
     * {@link #encodingProblem} over the whole body first (it is cheap), or {@link #validate} each
     * event's bytes; otherwise an event with malformed UTF-8 in a skipped field may pass here.
     */
    public EnvelopeResult read(JsonParser p) throws IOException {
        return read(p, true);
    }

    private EnvelopeResult read(JsonParser p, boolean measureStrings) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            String what = describe(p.currentToken());
            skipValue(p, p.currentToken(), measureStrings);
            return invalid("event must be a JSON object, was " + what);
        }
        long start = offset(p.currentTokenLocation());
        String logId = null;
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
                if (v == JsonToken.VALUE_STRING) {
                    logId = p.getText();
                } else {
                    logIdProblem = "log_id must be a string, was " + describe(v);
                    skipValue(p, v, measureStrings);
                }
            } else if ("data".equals(name)) {
                dataSeen = true;
                if (v != JsonToken.START_OBJECT) {
                    dataProblem = "data must be a JSON object, was " + describe(v);
                    skipValue(p, v, measureStrings);
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
                                skipValue(p, fv, measureStrings);
                            }
                        }
                        case "date" -> {
                            if (fv == JsonToken.VALUE_STRING) {
                                dateText = p.getText();
                            } else {
                                dataProblem = firstOf(dataProblem, "data.date must be an ISO-8601 string, was " + describe(fv));
                                skipValue(p, fv, measureStrings);
                            }
                        }
                        case "log_id" -> {
                            if (fv == JsonToken.VALUE_STRING) {
                                innerLogId = p.getText();
                            } else if (fv != JsonToken.VALUE_NULL) {
                                dataProblem = firstOf(dataProblem, "data.log_id must be a string, was " + describe(fv));
                                skipValue(p, fv, measureStrings);
                            }
                        }
                        default -> skipValue(p, fv, measureStrings);
                    }
                }
            } else {
                skipValue(p, v, measureStrings);
            }
        }
        long end = offset(p.currentLocation());
        if (start >= 0 && end - start > limits.maxEventBytes()) {
            return invalid("event is larger than " + limits.maxEventBytes() + " bytes (" + (end - start) + ")");
        }
        if (logIdProblem != null) {
            return invalid(logIdProblem);
        }
        if (logId == null) {
            return invalid("log_id is missing");
        }
        if (logId.isEmpty()) {
            return invalid("log_id is empty");
        }
        if (logId.isBlank()) {
            return invalid("log_id is blank");
        }
        int logIdBytes = utf8Length(logId);
        if (logIdBytes > EnvelopeLimits.MAX_LOG_ID_BYTES) {
            return invalid("log_id is longer than " + EnvelopeLimits.MAX_LOG_ID_BYTES + " bytes (" + logIdBytes + ")");
        }
        if (logIdBytes < 0) {
            return invalid("log_id contains an unpaired surrogate escape, so it has no UTF-8 form");
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
        if (type.isEmpty()) {
            return invalid("data.type is empty");
        }
        if (type.isBlank()) {
            return invalid("data.type is blank");
        }
        if (type.length() > EnvelopeLimits.MAX_TYPE_LENGTH) {
            return invalid("data.type is longer than " + EnvelopeLimits.MAX_TYPE_LENGTH + " characters (" + type.length() + ")");
        }
        if (utf8Length(type) < 0) {
            return invalid("data.type contains an unpaired surrogate escape, so it has no UTF-8 form");
        }
        if (dateText == null) {
            return invalid("data.date is missing");
        }
        Instant date = IsoDate.parse(dateText, false);
        if (date == null) {
            return invalid(IsoDate.parse(dateText, true) != null
                    ? "data.date has no time zone (add Z or an offset such as +02:00): '" + abbreviate(dateText) + "'"
                    : "data.date is not ISO-8601: '" + abbreviate(dateText) + "'");
        }
        if (innerLogId != null && !innerLogId.equals(logId)) {
            return invalid("data.log_id '" + abbreviate(innerLogId) + "' differs from log_id '" + abbreviate(logId) + "'");
        }
        return new EnvelopeResult.Valid(new Envelope(logId, type, date));
    }

    /**
     * Skips the value the parser is on, decoding every string in it so that the string-length
     * limit applies to skipped values exactly as it does when a tree is built.
     */
    private void skipValue(JsonParser p, JsonToken t, boolean measureStrings) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            if (measureStrings) {
                checkString(p);
            }
            return;
        }
        if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
            return;
        }
        if (!measureStrings) {
            p.skipChildren();
            return;
        }
        int depth = 1;
        while (depth > 0) {
            JsonToken x = p.nextToken();
            if (x == null) {
                return; // the parser reports a truncated document itself
            }
            switch (x) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_OBJECT, END_ARRAY -> depth--;
                case VALUE_STRING -> checkString(p);
                default -> {
                }
            }
        }
    }

    /**
     * Decodes the current string without making a {@code String} of it. Jackson checks the length
     * limit only when it builds the string, so a too-long one is built here to get its own error.
     */
    private void checkString(JsonParser p) throws IOException {
        int n = p.getTextLength();
        if (n > limits.maxStringLength()) {
            p.getText();
            throw new StreamConstraintsException("String value length (" + n + ") exceeds the maximum allowed ("
                    + limits.maxStringLength() + ")");
        }
    }

    /**
     * Parses {@code data.date}: {@code YYYY-MM-DDThh:mm[:ss[.f]]} followed by {@code Z} or an offset
     * {@code ±hh:mm} (at most ±18:00), with a 4-digit year, 1 to 9 fraction digits, {@code T}/{@code Z}
     * in either case, and a real calendar date and time (no Feb 30, no leap second). This is
     * ISO-8601's extended format and RFC 3339 with optional seconds. Null when the text is not one.
     */
    public static Instant parseDate(String text) {
        return IsoDate.parse(text, false);
    }

    /**
     * Null when {@code buf[off, off+len)} is strict UTF-8 (RFC 3629) without NUL bytes; else the
     * reason, naming the offset of the first bad byte. Cheap on ASCII (8 bytes per step), so ingest
     * can run it over a whole request body before streaming events out of it with {@link #read}.
     */
    public static String encodingProblem(byte[] buf, int off, int len) {
        int bad = Utf8.firstInvalid(buf, off, len);
        if (bad < 0) {
            return null;
        }
        int b = buf[bad] & 0xFF;
        if (b == 0) {
            return "event contains a NUL byte at offset " + (bad - off) + " (only UTF-8 JSON is accepted)";
        }
        return "event is not valid UTF-8: byte 0x" + String.format(java.util.Locale.ROOT, "%02X", b) + " at offset " + (bad - off);
    }

    /** Words a broken parsing limit as a reason; the limits are ours, the message is Jackson's. */
    public String limitProblem(StreamConstraintsException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        StreamReadConstraints c = factory.streamReadConstraints();
        if (m.startsWith("String value length")) {
            return "event has a string longer than " + c.getMaxStringLength() + " characters";
        }
        if (m.startsWith("Document nesting depth")) {
            return "event is nested deeper than " + c.getMaxNestingDepth() + " levels";
        }
        if (m.startsWith("Number value length")) {
            return "event has a number longer than " + c.getMaxNumberLength() + " characters";
        }
        if (m.startsWith("Name length")) {
            return "event has a field name longer than " + c.getMaxNameLength() + " characters";
        }
        return "event exceeds a parsing limit: " + firstLine(m);
    }

    private static EnvelopeResult invalid(String reason) {
        return new EnvelopeResult.Invalid(reason);
    }

    private static String firstOf(String existing, String candidate) {
        return existing != null ? existing : candidate;
    }

    private static long offset(JsonLocation l) {
        return l.getByteOffset() >= 0 ? l.getByteOffset() : l.getCharOffset();
    }

    /** UTF-8 length of {@code s}, or -1 if it holds an unpaired surrogate (it then has no UTF-8 form). */
    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return -1;
                }
                n += 4;
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return -1;
            } else {
                n += 3;
            }
        }
        return n;
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

    /** Jackson's message without the source excerpt, plus where in the event it went wrong. */
    public static String jsonProblem(IOException e) {
        if (e instanceof JsonProcessingException jpe) {
            String m = jpe.getOriginalMessage();
            String text = firstLine(m == null ? e.getClass().getSimpleName() : m);
            JsonLocation l = jpe.getLocation();
            long at = l == null ? -1 : offset(l);
            return at >= 0 ? text + " (at offset " + at + ")" : text;
        }
        String m = e.getMessage();
        return firstLine(m == null ? e.getClass().getSimpleName() : m);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        int marker = line.indexOf(" (start marker at ");
        return abbreviate(marker < 0 ? line : line.substring(0, marker));
    }

    static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
