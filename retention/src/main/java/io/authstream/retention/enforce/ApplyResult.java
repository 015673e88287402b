package io.authstream.retention.enforce;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What one successful {@code apply} did.
 *
 * @param documentsTrimmed documents deleted one by one from boundary indices
 * @param documentsInDeletedIndices documents that went with whole deleted indices
 * @param copiedToHolds held documents copied into hold indices before their index was dropped
 * @param heldByCase expired documents kept because of each case's hold, after the run
 */
public record ApplyResult(String runId, String policyVersion, Instant asOf, long indicesDeleted, long documentsInDeletedIndices,
                          long documentsTrimmed, long copiedToHolds, Map<String, Long> heldByCase, int passes,
                          Duration trimTime, Duration elapsed) {
    public ApplyResult {
        heldByCase = Map.copyOf(heldByCase);
    }

    public long documentsRemoved() {
        return documentsInDeletedIndices + documentsTrimmed;
    }

    /** Trim throughput; 0 when nothing was trimmed. */
    public double trimmedPerSecond() {
        return trimTime.isZero() ? 0 : documentsTrimmed / (trimTime.toNanos() / 1e9);
    }
}
