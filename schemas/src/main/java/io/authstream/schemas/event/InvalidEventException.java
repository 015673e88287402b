package io.authstream.schemas.event;

/** An event broke the envelope rules; the message is the precise reason. */
public final class InvalidEventException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidEventException(String reason) {
        super(reason);
    }
}
