package io.authstream.ingest.body;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.authstream.schemas.event.EnvelopeLimits;
import io.authstream.schemas.event.EnvelopeParser;
import io.authstream.schemas.event.EnvelopeResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a decoded request body into events and validates each one, keeping the byte range of
 * every event so that its original bytes can go to Kafka untouched.
 *
 * <p>The layout is decided from the body, whatever the Content-Type says:
 * <ul>
 *   <li>first non-whitespace byte {@code [}: a JSON array, one event per element;</li>
 *   <li>{@code {} followed by nothing but whitespace after the first value: one JSON object (it may
 *       span lines);</li>
 *   <li>{@code {} followed by more: JSON Lines, one event per non-blank line;</li>
 *   <li>anything else: unparseable.</li>
 * </ul>
 *
 * <p>Every event is validated on its own slice, in every layout, so the per-event rules are the same:
 * a line or element that is not JSON, breaks a parsing limit or the envelope rules is rejected alone
 * and the rest of the batch goes on. The body as a whole is refused (400) only when it cannot be
 * split: an array whose structure is broken (syntax error, nesting deeper than 1,000), or JSON Lines
 * of which not one line is JSON. Thread-safe.
 */
public final class BatchParser implements BodySplitter {
    /** Nesting allowed while only finding element boundaries; each event is then held to the envelope's own depth. */
    private static final int SKIM_MAX_DEPTH = 1000;

    private final EnvelopeParser envelopes;
    private final JsonFactory eventFactory;
    private final JsonFactory skimFactory;
    private final JsonFactory arrayFactory;
    private final int maxEventBytes;
    private final int maxEvents;

    /**
     * @param maxEventBytes largest event accepted
     * @param maxEvents     most events per body
     * @param maxBodyBytes  largest body that will be given to {@link #parse}
     */
    public BatchParser(int maxEventBytes, int maxEvents, long maxBodyBytes) {
        EnvelopeLimits d = EnvelopeLimits.DEFAULT;
        this.envelopes = new EnvelopeParser(new EnvelopeLimits(maxEventBytes, d.maxDepth(),
                Math.min(d.maxStringLength(), maxEventBytes)));
        this.eventFactory = envelopes.factory();
        int bodyLimit = (int) Math.min(Integer.MAX_VALUE, maxBodyBytes);
        // Only boundaries are found with this one: strings are skipped, never built, so their length
        // costs nothing here; each event is then parsed with the strict limits.
        this.skimFactory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(SKIM_MAX_DEPTH)
                        .maxStringLength(bodyLimit)
                        .maxNumberLength(bodyLimit)
                        .maxDocumentLength(bodyLimit)
                        .build())
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
        StreamReadConstraints strict = eventFactory.streamReadConstraints();
        // The per-event limits, one level deeper for the enclosing array, over the whole body.
        this.arrayFactory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(strict.getMaxNestingDepth() + 1)
                        .maxStringLength(strict.getMaxStringLength())
                        .maxNumberLength(strict.getMaxNumberLength())
                        .maxDocumentLength(bodyLimit)
                        .build())
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.maxEventBytes = maxEventBytes;
        this.maxEvents = maxEvents;
    }

    /**
     * Parses {@code body[0, length)}.
     *
     * <p>Encoding first: the contract is strict UTF-8 without NUL, and Jackson is laxer (it switches
     * to UTF-16/32 from the first bytes, losing every byte offset, and accepts overlong forms,
     * surrogates and lead bytes F5-F7). A body that is clean as a whole is split as before; one with
     * a bad byte within the first four (where Jackson guesses the encoding) is not UTF-8 at all and
     * is refused whole; otherwise every event is checked on its own slice.
     */
    @Override
    public ParsedBatch parse(byte[] body, int length) {
        int start = skipBom(body, length);
        int first = skipWhitespace(body, start, length);
        if (first >= length) {
            return new ParsedBatch.Empty();
        }
        int guess = otherEncodingMark(body, 0, length);
        if (guess < 0) {
            guess = otherEncodingMark(body, first, length);
        }
        if (guess >= 0) {
            return new ParsedBatch.Unparseable("body is not UTF-8 (" + describe(body[guess]) + " at offset " + guess
                    + "; UTF-16 and UTF-32 are refused)");
        }
        boolean clean = EnvelopeParser.encodingProblem(body, 0, length) == null;
        return switch (body[first]) {
            case '[' -> clean ? array(body, length) : arrayElementByElement(body, length);
            case '{' -> objectOrLines(body, start, first, length);
            default -> new ParsedBatch.Unparseable("body is neither JSON Lines, a JSON array nor a JSON object: it starts with "
                    + describe(body[first]));
        };
    }

    private ParsedBatch array(byte[] body, int length) {
        ParsedBatch fast = arrayInOnePass(body, length);
        return fast != null ? fast : arrayElementByElement(body, length);
    }

    /**
     * The common case, a well-formed array, in one pass with the per-event limits. Returns null as
     * soon as anything trips the parser (a syntax error, a limit, a duplicate key): the slower
     * element-by-element path then finds out which element it was, so the outcome is the same.
     */
    ParsedBatch arrayInOnePass(byte[] body, int length) {
        List<ParsedEvent> events = new ArrayList<>();
        try (JsonParser p = arrayFactory.createParser(body, 0, length)) {
            p.nextToken();
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    return null;
                }
                int from = (int) p.currentTokenLocation().getByteOffset();
                EnvelopeResult r = envelopes.read(p);
                p.finishToken();
                int len = (int) p.currentLocation().getByteOffset() - from;
                if (from < 0 || len < 0) {
                    return null; // the parser lost its byte position: let the careful path decide
                }
                if (events.size() == maxEvents) {
                    return new ParsedBatch.TooManyEvents(maxEvents);
                }
                if (len > maxEventBytes) {
                    events.add(ParsedEvent.invalid(from, len, ParsedEvent.EVENT_TOO_LARGE,
                            "event is larger than ingest.max-event-bytes (" + len + " > " + maxEventBytes + " bytes)"));
                } else {
                    events.add(switch (r) {
                        case EnvelopeResult.Valid v -> ParsedEvent.valid(from, len, v.envelope());
                        case EnvelopeResult.Invalid i -> ParsedEvent.invalid(from, len, ParsedEvent.INVALID_ENVELOPE, i.reason());
                    });
                }
            }
            if (p.nextToken() != null) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        return new ParsedBatch.Events(BodyFormat.JSON_ARRAY, events);
    }

    ParsedBatch arrayElementByElement(byte[] body, int length) {
        List<ParsedEvent> events = new ArrayList<>();
        try (JsonParser p = skimFactory.createParser(body, 0, length)) {
            p.nextToken();
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    return new ParsedBatch.Unparseable("body is not valid JSON: the array is not closed");
                }
                int from = (int) p.currentTokenLocation().getByteOffset();
                p.skipChildren();
                p.finishToken();
                int to = (int) p.currentLocation().getByteOffset();
                if (from < 0 || to < from) {
                    return new ParsedBatch.Unparseable("body could not be split into events: the parser lost its byte position");
                }
                if (events.size() == maxEvents) {
                    return new ParsedBatch.TooManyEvents(maxEvents);
                }
                events.add(event(body, from, to - from));
            }
            if (p.nextToken() != null) {
                return new ParsedBatch.Unparseable("body is not valid JSON: content follows the closing ] of the array");
            }
        } catch (StreamConstraintsException e) {
            return new ParsedBatch.Unparseable("body exceeds a parsing limit: " + EnvelopeParser.jsonProblem(e));
        } catch (IOException e) {
            return new ParsedBatch.Unparseable("body is not valid JSON: " + EnvelopeParser.jsonProblem(e));
        }
        return new ParsedBatch.Events(BodyFormat.JSON_ARRAY, events);
    }

    private ParsedBatch objectOrLines(byte[] body, int start, int first, int length) {
        int end = -1;
        try (JsonParser p = skimFactory.createParser(body, first, length - first)) {
            p.nextToken();
            p.skipChildren();
            long offset = p.currentLocation().getByteOffset();
            end = offset > 0 ? first + (int) offset : -1;
            if (p.nextToken() != null) {
                end = -1;
            }
        } catch (IOException e) {
            end = -1; // not one well-formed object: read it line by line, each line on its own
        }
        if (end > 0) {
            return new ParsedBatch.Events(BodyFormat.JSON_OBJECT, List.of(event(body, first, end - first)));
        }
        return lines(body, start, length);
    }

    private ParsedBatch lines(byte[] body, int start, int length) {
        List<ParsedEvent> events = new ArrayList<>();
        int syntaxErrors = 0;
        String firstProblem = null;
        int lineStart = start;
        while (lineStart < length) {
            int nl = lineStart;
            while (nl < length && body[nl] != '\n') {
                nl++;
            }
            int from = skipWhitespace(body, lineStart, nl);
            int to = nl;
            while (to > from && isWhitespace(body[to - 1])) {
                to--;
            }
            if (to > from) {
                if (events.size() == maxEvents) {
                    return new ParsedBatch.TooManyEvents(maxEvents);
                }
                ParsedEvent e = event(body, from, to - from);
                if (ParsedEvent.INVALID_JSON.equals(e.errorType())) {
                    syntaxErrors++;
                    firstProblem = firstProblem == null ? e.reason() : firstProblem;
                }
                events.add(e);
            }
            lineStart = nl + 1;
        }
        if (!events.isEmpty() && syntaxErrors == events.size()) {
            return new ParsedBatch.Unparseable("no line of the body is a JSON value; the first: " + firstProblem);
        }
        return new ParsedBatch.Events(BodyFormat.JSON_LINES, events);
    }

    /** Validates the single JSON value in {@code body[off, off+len)}. */
    ParsedEvent event(byte[] body, int off, int len) {
        if (len > maxEventBytes) {
            return wellFormed(body, off, len)
                    ? ParsedEvent.invalid(off, len, ParsedEvent.EVENT_TOO_LARGE,
                            "event is larger than ingest.max-event-bytes (" + len + " > " + maxEventBytes + " bytes)")
                    : ParsedEvent.invalid(off, len, ParsedEvent.INVALID_JSON, "event is not one valid JSON value");
        }
        try (JsonParser p = eventFactory.createParser(body, off, len)) {
            p.nextToken();
            EnvelopeResult r = envelopes.read(p);
            if (p.nextToken() != null) {
                return ParsedEvent.invalid(off, len, ParsedEvent.INVALID_JSON, "unexpected content after the event");
            }
            // Jackson accepted the JSON, but it may have guessed UTF-16/32 or let an overlong form,
            // a surrogate or a byte F5-F7 through: the contract's rule decides.
            String encoding = EnvelopeParser.encodingProblem(body, off, len);
            if (encoding != null) {
                return ParsedEvent.invalid(off, len, ParsedEvent.INVALID_ENVELOPE, encoding);
            }
            return switch (r) {
                case EnvelopeResult.Valid v -> ParsedEvent.valid(off, len, v.envelope());
                case EnvelopeResult.Invalid i -> ParsedEvent.invalid(off, len, ParsedEvent.INVALID_ENVELOPE, i.reason());
            };
        } catch (StreamConstraintsException e) {
            return ParsedEvent.invalid(off, len, ParsedEvent.INVALID_JSON, "event exceeds a parsing limit: " + EnvelopeParser.jsonProblem(e));
        } catch (IOException e) {
            return ParsedEvent.invalid(off, len, ParsedEvent.INVALID_JSON, "event is not valid JSON: " + EnvelopeParser.jsonProblem(e));
        }
    }

    private boolean wellFormed(byte[] body, int off, int len) {
        try (JsonParser p = skimFactory.createParser(body, off, len)) {
            p.nextToken();
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Index of a NUL, 0xFE or 0xFF byte among the four from {@code from} (where Jackson guesses
     * UTF-16/32 from zero bytes and byte-order marks), else -1. None of these is ever valid UTF-8.
     */
    private static int otherEncodingMark(byte[] b, int from, int length) {
        for (int i = from; i < Math.min(from + 4, length); i++) {
            int c = b[i] & 0xFF;
            if (c == 0 || c == 0xFE || c == 0xFF) {
                return i;
            }
        }
        return -1;
    }

    private static int skipBom(byte[] b, int length) {
        return length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF ? 3 : 0;
    }

    private static int skipWhitespace(byte[] b, int from, int to) {
        int i = from;
        while (i < to && isWhitespace(b[i])) {
            i++;
        }
        return i;
    }

    private static boolean isWhitespace(byte c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static String describe(byte b) {
        int c = b & 0xFF;
        return c >= 0x21 && c < 0x7F ? "'" + (char) c + "'" : String.format("byte 0x%02X", c);
    }
}
