package io.authstream.retention.enforce;

/** One step of a plan on one index. */
public record IndexAction(Kind kind, IndexState state) {

    public enum Kind {
        /** Every document is expired and none is held: delete the index by name. */
        DELETE_INDEX,
        /** Every document is expired, some are held: copy those into their cases' hold indices, then delete. */
        COPY_HELD_THEN_DELETE,
        /** Some documents are expired and not held: delete just those. */
        TRIM;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** Documents this step removes from the archive (held documents move to hold indices and are not counted). */
    public long documentsRemoved() {
        return switch (kind) {
            case TRIM -> state.expiredUnheld();
            case COPY_HELD_THEN_DELETE -> state.documents() - state.expiredHeld();
            case DELETE_INDEX -> state.documents();
        };
    }
}
