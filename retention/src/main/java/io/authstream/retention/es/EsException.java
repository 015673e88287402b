package io.authstream.retention.es;

/**
 * Elasticsearch answered with an error. {@link #type()} is the structured {@code error.type}
 * (e.g. {@code index_not_found_exception}, {@code version_conflict_engine_exception}); code
 * classifies failures by it, never by the message text.
 */
public final class EsException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String type;

    public EsException(int status, String type, String message) {
        super(message);
        this.status = status;
        this.type = type == null ? "unknown" : type;
    }

    public EsException(String message, Throwable cause) {
        super(message, cause);
        this.status = -1;
        this.type = "io";
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public boolean is(String errorType) {
        return type.equals(errorType);
    }
}
