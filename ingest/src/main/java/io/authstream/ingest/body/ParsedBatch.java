package io.authstream.ingest.body;

import java.util.List;

/** What a request body turned out to be. */
public sealed interface ParsedBatch {
    /** The body split into events, each valid or rejected with a reason. */
    record Events(BodyFormat format, List<ParsedEvent> events) implements ParsedBatch {
        public Events {
            events = List.copyOf(events);
        }
    }

    /** Nothing but whitespace. */
    record Empty() implements ParsedBatch {
    }

    /** The body cannot be split into events at all (answered 400, stored whole as one dead letter). */
    record Unparseable(String reason) implements ParsedBatch {
    }

    /** More events than {@code ingest.max-events-per-request} (answered 413, nothing stored). */
    record TooManyEvents(int limit) implements ParsedBatch {
    }
}
