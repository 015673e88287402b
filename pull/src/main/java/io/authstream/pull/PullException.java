package io.authstream.pull;

/** A page could not be fetched or stored; the puller backs off and tries the same page again. */
public final class PullException extends RuntimeException {
    private final boolean fatal;

    public PullException(String message, boolean fatal, Throwable cause) {
        super(message, cause);
        this.fatal = fatal;
    }

    public PullException(String message, boolean fatal) {
        this(message, fatal, null);
    }

    /** True when retrying cannot help (wrong credentials, missing scope): the puller stops. */
    public boolean fatal() {
        return fatal;
    }
}
