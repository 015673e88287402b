package io.authstream.ingest.body;

/** Turns a decoded request body into events; {@link BatchParser} is the real one, tests may wrap it. */
@FunctionalInterface
public interface BodySplitter {
    /** Splits and validates {@code body[0, length)}. */
    ParsedBatch parse(byte[] body, int length);
}
