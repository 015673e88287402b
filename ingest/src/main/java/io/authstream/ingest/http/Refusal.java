package io.authstream.ingest.http;

/**
 * Every way a webhook request can be refused: HTTP status, the {@code error} code of the body, and
 * whether Auth0 should be told when to come back ({@code Retry-After}).
 */
public enum Refusal {
    NOT_FOUND(404, "not-found", false),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", false),
    UNAUTHORIZED(401, "unauthorized", false),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", false),
    UNSUPPORTED_ENCODING(415, "unsupported-content-encoding", false),
    BODY_TOO_LARGE(413, "body-too-large", false),
    TOO_MANY_EVENTS(413, "too-many-events", false),
    EMPTY_BODY(400, "empty-body", false),
    INVALID_GZIP(400, "invalid-gzip", false),
    UNPARSEABLE_BODY(400, "unparseable-body", false),
    /** More invalid events than {@code ingest.max-rejected-per-request}: one dead letter for the body, not thousands. */
    TOO_MANY_REJECTED(400, "too-many-rejected", false),
    REQUEST_TIMEOUT(408, "request-timeout", false),
    STREAM_BUSY(429, "stream-busy", true),
    /** The client address failed authentication {@code ingest.auth.max-failures} times in the current window. */
    TOO_MANY_AUTH_FAILURES(429, "too-many-auth-failures", true),
    SERVER_BUSY(503, "server-busy", true),
    KAFKA_UNAVAILABLE(503, "kafka-unavailable", true),
    PRODUCE_FAILED(503, "produce-failed", true),
    SHUTTING_DOWN(503, "shutting-down", true),
    /** A bug or an unforeseen input broke the request; the message never carries exception text. */
    INTERNAL_ERROR(500, "internal-error", true);

    private final int status;
    private final String code;
    private final boolean retryAfter;

    Refusal(int status, String code, boolean retryAfter) {
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public boolean retryAfter() {
        return retryAfter;
    }
}
