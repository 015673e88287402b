package io.authstream.retention.enforce;

import io.authstream.schemas.catalogue.RetentionClass;
import java.util.Map;

/**
 * What an erasure did. The identifier itself is not kept here: only its salted hash.
 *
 * @param deleted     documents of the person deleted from the archive
 * @param deletedByClass the same per retention class
 * @param held        the person's documents kept because some legal hold covers them
 * @param heldByCase  the person's documents kept because a legal hold covers them, per case
 */
public record EraseResult(String subjectHash, long deleted, Map<RetentionClass, Long> deletedByClass, long held,
                          Map<String, Long> heldByCase) {
    public EraseResult {
        deletedByClass = Map.copyOf(deletedByClass);
        heldByCase = Map.copyOf(heldByCase);
    }
}
