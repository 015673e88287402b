package io.authstream.archive;

/**
 * One consumed record on its way to Elasticsearch (or to the dead-letter topic).
 *
 * @param pending    its place in the offset tracker
 * @param line       the bulk action and document, or null when {@code invalid} is set
 * @param invalid    why it cannot be indexed at all (dead-lettered without trying)
 * @param raw        the record value, for the dead letter
 */
record Item(OffsetTracker.Pending pending, String id, byte[] line, EventDocuments.Invalid invalid, byte[] raw,
            String stream, String tenant) {

    boolean revoked() {
        return pending.partition.revoked;
    }
}
