package io.authstream.retention.es;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Refuses partial search answers. Elasticsearch answers 200 to a search when some shards failed
 * (unassigned, relocating, timed out) unless told otherwise, and simply leaves their documents
 * out; for retention that reads as "nothing there" and leads to deleting it.
 */
final class ShardFailures {
    /** The {@link EsException#type()} of a partial answer. */
    static final String TYPE = "partial_search_results";

    private ShardFailures() {
    }

    /** Throws when {@code answer} reports a failed shard or a timeout. */
    static void check(String request, JsonNode answer) {
        JsonNode shards = answer.path("_shards");
        long failed = shards.path("failed").asLong(0);
        if (failed > 0) {
            JsonNode first = shards.path("failures").path(0);
            String where = first.isMissingNode() ? "" : "; first: index " + first.path("index").asText("?") + " shard "
                    + first.path("shard").asText("?") + " " + first.path("reason").path("type").asText("?");
            throw new EsException(200, TYPE, request + " answered with " + failed + " of " + shards.path("total").asLong()
                    + " shards failed" + where + ". Nothing is decided on a partial answer: check the cluster's health and retry.");
        }
        if (answer.path("timed_out").asBoolean(false)) {
            throw new EsException(200, TYPE, request + " timed out on some shards. Nothing is decided on a partial answer: retry.");
        }
    }
}
