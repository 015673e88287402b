package io.authstream.retention.es;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pages through every document matching a query with a point-in-time and {@code search_after}
 * (sorted by {@code _shard_doc}, the cheapest stable order). The point-in-time is a snapshot:
 * deleting documents already returned does not disturb later pages. Close it when done.
 */
public final class PitPager implements AutoCloseable {
    private final Es es;
    private final ObjectNode query;
    private final int size;
    private final String keepAlive;
    private final JsonNode source;
    private final JsonNode sort;
    private String pitId;
    private JsonNode searchAfter;
    private boolean done;

    /** {@code source}: {@code false}, {@code true} or a list of fields to fetch. */
    public PitPager(Es es, String indices, ObjectNode query, int size, Duration keepAlive, JsonNode source) {
        this(es, indices, query, size, keepAlive, source, Q.obj().put("_shard_doc", "asc"));
    }

    /** As above, in the order of {@code sort} (a sort clause or array; end it with {@code _shard_doc} as the tie-breaker). */
    public PitPager(Es es, String indices, ObjectNode query, int size, Duration keepAlive, JsonNode source, JsonNode sort) {
        this.es = es;
        this.sort = sort.isArray() ? sort : Es.JSON.createArrayNode().add(sort);
        this.query = query;
        this.size = size;
        this.keepAlive = Math.max(1, keepAlive.toSeconds()) + "s";
        this.source = source;
        JsonNode r = es.call("POST", "/" + indices + "/_pit",
                Map.of("keep_alive", this.keepAlive, "ignore_unavailable", "true", "allow_partial_search_results", "false"), null);
        this.pitId = r.path("id").asText();
    }

    /** The next page of hits ({@code _index}, {@code _id}, maybe {@code _source}); empty when there are no more. */
    public List<JsonNode> next() {
        if (done) {
            return List.of();
        }
        ObjectNode body = Q.obj();
        body.putObject("pit").put("id", pitId).put("keep_alive", keepAlive);
        body.put("size", size);
        body.put("track_total_hits", false);
        body.set("query", query);
        body.set("sort", sort);
        body.set("_source", source);
        if (searchAfter != null) {
            body.set("search_after", searchAfter);
        }
        JsonNode r = es.call("POST", "/_search", body);
        if (r.hasNonNull("pit_id")) {
            pitId = r.path("pit_id").asText();
        }
        List<JsonNode> hits = new ArrayList<>();
        r.path("hits").path("hits").forEach(hits::add);
        if (hits.size() < size) {
            done = true;
        }
        if (!hits.isEmpty()) {
            searchAfter = hits.get(hits.size() - 1).path("sort");
        }
        return hits;
    }

    @Override
    public void close() {
        try {
            es.call("DELETE", "/_pit", Q.obj().put("id", pitId));
        } catch (EsException e) {
            // It expires by itself after keep-alive.
        }
    }
}
