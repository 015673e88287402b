package io.authstream.ingest.body;

import io.authstream.schemas.event.Envelope;

/**
 * One event of a request body: where its original bytes are in the (decoded) body, and either its
 * envelope or why it was rejected.
 *
 * @param offset    first byte of the event in the body
 * @param length    number of bytes, surrounding whitespace excluded
 * @param envelope  the envelope of a valid event, else null
 * @param errorType for an invalid event the dead-letter {@code error_type}: {@link #INVALID_ENVELOPE},
 *                  {@link #INVALID_JSON} or {@link #EVENT_TOO_LARGE}; else null
 * @param reason    for an invalid event the sentence stored with it; else null
 */
public record ParsedEvent(int offset, int length, Envelope envelope, String errorType, String reason) {
    /** Valid JSON that breaks the envelope rules (missing log_id, bad date, ...). */
    public static final String INVALID_ENVELOPE = "invalid-envelope";
    /** A JSON Lines line that is not one JSON value, or breaks a parsing limit. */
    public static final String INVALID_JSON = "invalid-json";
    /** An event over {@code ingest.max-event-bytes}. */
    public static final String EVENT_TOO_LARGE = "event-too-large";
    /** The whole body could not be split into events. */
    public static final String UNPARSEABLE_BODY = "unparseable-body";
    /** The body held more invalid events than {@code ingest.max-rejected-per-request}; stored whole, once. */
    public static final String TOO_MANY_REJECTED = "too-many-rejected";

    static ParsedEvent valid(int offset, int length, Envelope envelope) {
        return new ParsedEvent(offset, length, envelope, null, null);
    }

    static ParsedEvent invalid(int offset, int length, String errorType, String reason) {
        return new ParsedEvent(offset, length, null, errorType, reason);
    }

    public boolean isValid() {
        return envelope != null;
    }

    /** The log_id of a valid event, else null. */
    public String logId() {
        return envelope == null ? null : envelope.logId();
    }
}
