package io.authstream.retention.enforce;

import io.authstream.schemas.catalogue.RetentionClass;
import java.time.Instant;
import java.util.Map;

/**
 * What one archive index holds at survey time, measured against the policy and the active holds.
 *
 * @param retentionClass    the class in the index name; null for a hold index (mixed classes)
 * @param holdCase          for a hold index, the case it was made for (from its name); else null
 * @param expired           documents past their limit plus grace (per class and tenant)
 * @param expiredHeld       of those, documents some active hold covers
 * @param expiredHeldByCase the same per case (a document can count for several cases)
 * @param oldestExpiredUnheld the oldest expired document no hold covers: the violation's depth
 * @param wholePeriodExpired true when the index name's whole period is past the cutoff for every tenant
 */
public record IndexState(String index, RetentionClass retentionClass, String holdCase, long documents, long sizeBytes,
                         Instant oldest, Instant newest, long expired, long expiredHeld, Map<String, Long> expiredHeldByCase,
                         Instant oldestExpiredUnheld, boolean wholePeriodExpired) {
    public IndexState {
        expiredHeldByCase = Map.copyOf(expiredHeldByCase);
    }

    public boolean isHoldIndex() {
        return holdCase != null;
    }

    /** Whole-index deletion is allowed: a hold index, or an event index whose whole period is past every cutoff. */
    public boolean wholePeriodExpiredOrHold() {
        return wholePeriodExpired || isHoldIndex();
    }

    /** Expired documents that no hold protects: what enforcement must remove. */
    public long expiredUnheld() {
        return expired - expiredHeld;
    }
}
