package io.authstream.schemas.event;

/** The outcome of validating one event: a valid {@link Envelope} or the precise reason it is not. */
public sealed interface EnvelopeResult {
    /** A valid event. */
    record Valid(Envelope envelope) implements EnvelopeResult {
    }

    /** An invalid event, with a sentence a user can act on (never a stack trace). */
    record Invalid(String reason) implements EnvelopeResult {
    }

    default boolean isValid() {
        return this instanceof Valid;
    }
}
