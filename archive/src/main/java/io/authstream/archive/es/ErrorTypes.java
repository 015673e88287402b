package io.authstream.archive.es;

import java.util.Set;

/**
 * Classifies a failed bulk item by its HTTP status and Elasticsearch's structured {@code error.type},
 * never by message text (messages change between versions and languages; types are API).
 */
public final class ErrorTypes {
    /** "A document with this id exists": with create semantics that means it is already archived. */
    public static final String VERSION_CONFLICT = "version_conflict_engine_exception";

    /**
     * Types that are about the cluster, not the document: retrying later succeeds once the cluster
     * (or its operator) recovers. A permission error is here too: dead-lettering every event because
     * a role is missing would empty the archive into the dead-letter topic; waiting loses nothing.
     */
    private static final Set<String> TRANSIENT = Set.of(
            "es_rejected_execution_exception", "circuit_breaking_exception", "cluster_block_exception",
            "unavailable_shards_exception", "no_shard_available_action_exception", "node_not_connected_exception",
            "node_closed_exception", "process_cluster_event_timeout_exception", "connect_transport_exception",
            "receive_timeout_transport_exception", "primary_missing_action_exception", "timeout_exception",
            "security_exception", "index_closed_exception", "not_master_exception", "master_not_discovered_exception",
            "shard_not_found_exception", "retry_on_primary_exception");

    /**
     * Transient-looking failures that can also last for ever: a write block left behind by a
     * retention run that crashed, a closed index, a missing role (401/403), a request that keeps
     * timing out (408). They are retried only for the per-item budget ({@code archive.retry.item-budget}),
     * then the item is dead-lettered, so that one such document never stalls the whole archive.
     */
    private static final Set<String> MAY_BE_PERMANENT = Set.of("cluster_block_exception", "security_exception",
            "index_closed_exception");

    private ErrorTypes() {
    }

    public static ItemOutcome classify(int status, String type, String reason) {
        if (status >= 200 && status < 300) {
            return ItemOutcome.INDEXED;
        }
        if (status == 409 && VERSION_CONFLICT.equals(type)) {
            return new ItemOutcome(ItemOutcome.Kind.DUPLICATE, status, type, reason);
        }
        if (status == 429 || status >= 500 || status == 401 || status == 403 || status == 408
                || (type != null && TRANSIENT.contains(type))) {
            return new ItemOutcome(ItemOutcome.Kind.RETRY, status, type, reason);
        }
        return new ItemOutcome(ItemOutcome.Kind.REJECTED, status, type == null ? "http_" + status : type,
                reason == null ? "Elasticsearch refused the document (HTTP " + status + ")" : reason);
    }

    /** Whether a retried item failed in a way that may never heal, so its retries are budgeted. */
    public static boolean mayBePermanent(ItemOutcome o) {
        return o.kind() == ItemOutcome.Kind.RETRY && (o.status() == 401 || o.status() == 403 || o.status() == 408
                || (o.errorType() != null && MAY_BE_PERMANENT.contains(o.errorType())));
    }

    /** Whether a failure of the whole bulk request with this status is worth retrying as is. */
    public static boolean retryableRequestStatus(int status) {
        return status == 429 || status >= 500 || status == 401 || status == 403 || status == 408 || status == 409;
    }
}
