package io.authstream.archive.es;

/**
 * What happened to one bulk item.
 *
 * @param kind      the classification
 * @param errorType Elasticsearch's {@code error.type}, or null on success
 * @param reason    Elasticsearch's {@code error.reason}, or null on success
 */
public record ItemOutcome(Kind kind, int status, String errorType, String reason) {
    public enum Kind {
        /** Created now. */
        INDEXED,
        /** A document with this {@code _id} already exists: a redelivery, counted as success. */
        DUPLICATE,
        /** A transient failure of this item (overload, shard unavailable, blocked index): send it again. */
        RETRY,
        /** Elasticsearch refuses this document (mapping conflict, parse error): dead-letter it. */
        REJECTED
    }

    public static final ItemOutcome INDEXED = new ItemOutcome(Kind.INDEXED, 201, null, null);
}
