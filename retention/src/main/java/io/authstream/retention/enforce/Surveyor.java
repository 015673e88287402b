package io.authstream.retention.enforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.authstream.retention.es.Es;
import io.authstream.retention.es.Q;
import io.authstream.retention.hold.LegalHold;
import io.authstream.schemas.index.IndexLayout;
import io.authstream.schemas.record.RetentionPolicy;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Measures every event and hold index against the policy and the holds in two read-only requests:
 * {@code _cat/indices} (names, sizes) and one search with a {@code terms} aggregation on
 * {@code _index} whose sub-aggregations count expired and held documents. Changes nothing.
 */
public final class Surveyor {
    private final Es es;
    private final IndexLayout layout;

    public Surveyor(Es es, IndexLayout layout) {
        this.es = es;
        this.layout = layout;
    }

    /** The indices retention governs: event indices and hold indices. Never audit or other indices. */
    public String targets() {
        return layout.eventIndexPattern() + "," + layout.holdIndexPattern();
    }

    /** True for a name retention may delete: an event index of this layout or a hold index. */
    public boolean governs(String index) {
        return layout.parseEventIndex(index).isPresent() || index.startsWith(layout.prefix() + "hold-");
    }

    public List<IndexState> survey(RetentionPolicy policy, Instant now, List<LegalHold> holds) {
        Map<String, long[]> listed = listIndices();
        if (listed.isEmpty()) {
            return List.of();
        }
        es.refresh(targets());
        ObjectNode held = Selections.held(holds);
        ObjectNode expiredAggs = Q.obj();
        expiredAggs.putObject("held").set("filter", held);
        ObjectNode unheld = expiredAggs.putObject("unheld");
        unheld.set("filter", Q.bool().mustNot(held).build());
        unheld.putObject("aggs").putObject("oldest").putObject("min").put("field", "@timestamp");
        if (!holds.isEmpty()) {
            ObjectNode filters = expiredAggs.putObject("cases").putObject("filters").putObject("filters");
            holds.forEach(h -> filters.set(h.caseId(), h.selection().query()));
        }
        ObjectNode body = Q.obj();
        body.put("size", 0);
        ObjectNode idx = body.putObject("aggs").putObject("idx");
        idx.putObject("terms").put("field", "_index").put("size", 10_000);
        ObjectNode sub = idx.putObject("aggs");
        sub.putObject("oldest").putObject("min").put("field", "@timestamp");
        sub.putObject("newest").putObject("max").put("field", "@timestamp");
        ObjectNode exp = sub.putObject("expired");
        exp.set("filter", Selections.expired(policy, layout, now));
        exp.set("aggs", expiredAggs);
        JsonNode r = es.call("POST", "/" + targets() + "/_search",
                Map.of("ignore_unavailable", "true", "allow_no_indices", "true", "request_cache", "false"), body);
        Map<String, JsonNode> buckets = new HashMap<>();
        r.path("aggregations").path("idx").path("buckets").forEach(b -> buckets.put(b.path("key").asText(), b));

        List<IndexState> out = new ArrayList<>();
        for (Map.Entry<String, long[]> e : listed.entrySet()) {
            String name = e.getKey();
            Optional<IndexLayout.EventIndex> ev = layout.parseEventIndex(name);
            String holdCase = ev.isPresent() ? null : name.substring((layout.prefix() + "hold-").length());
            JsonNode b = buckets.get(name);
            long docs = b == null ? 0 : b.path("doc_count").asLong();
            JsonNode x = b == null ? Q.obj() : b.path("expired");
            Map<String, Long> byCase = new LinkedHashMap<>();
            x.path("cases").path("buckets").properties().forEach(c -> {
                long n = c.getValue().path("doc_count").asLong();
                if (n > 0) {
                    byCase.put(c.getKey(), n);
                }
            });
            boolean wholePeriod = ev.map(i -> !i.endExclusive().atStartOfDay(ZoneOffset.UTC).toInstant()
                    .isAfter(policy.earliestCutoff(i.retentionClass(), now))).orElse(false);
            out.add(new IndexState(name, ev.map(IndexLayout.EventIndex::retentionClass).orElse(null), holdCase, docs,
                    e.getValue()[0], instant(b, "oldest"), instant(b, "newest"), x.path("doc_count").asLong(),
                    x.path("held").path("doc_count").asLong(), byCase, instant(x.path("unheld"), "oldest"), wholePeriod));
        }
        out.sort(Comparator.comparing((IndexState s) -> s.oldest() == null ? Instant.MIN : s.oldest()).thenComparing(IndexState::index));
        return out;
    }

    private static Instant instant(JsonNode b, String agg) {
        if (b == null) {
            return null;
        }
        JsonNode v = b.path(agg).path("value");
        return v.isNumber() ? Instant.ofEpochMilli(v.asLong()) : null;
    }

    /**
     * Open event and hold indices with their store size in bytes. Throws if any of them is red: its
     * unavailable shards would be left out of every count (and a refresh of it waits a minute),
     * so nothing is surveyed, planned or deleted until the cluster is healthy again.
     */
    Map<String, long[]> listIndices() {
        JsonNode r = es.call("GET", "/_cat/indices/" + targets(),
                Map.of("format", "json", "h", "index,store.size,status,health", "bytes", "b", "expand_wildcards", "open"), null);
        Map<String, long[]> out = new java.util.TreeMap<>();
        List<String> red = new ArrayList<>();
        r.forEach(i -> {
            String name = i.path("index").asText();
            if (governs(name)) {
                out.put(name, new long[] {i.path("store.size").asLong(0)});
                if (!i.path("health").asText("").equals("green") && !i.path("health").asText("").equals("yellow")) {
                    red.add(name + " (" + i.path("health").asText("unknown") + ")");
                }
            }
        });
        if (!red.isEmpty()) {
            throw new UnhealthyIndexException("Retention does nothing while an index it governs is not green or yellow: "
                    + String.join(", ", red) + ". Its unavailable shards could not be counted; fix the cluster and run again.");
        }
        return out;
    }

    /**
     * The last check before a delete by name: each index must be open and green or yellow, or
     * it had shards that did not answer the counts, and what it holds is unknown.
     */
    void requireHealthy(List<String> indices) {
        JsonNode r = es.call("GET", "/_cat/indices/" + String.join(",", indices), Map.of("format", "json", "h", "index,health,status"), null);
        Map<String, JsonNode> byName = new HashMap<>();
        r.forEach(i -> byName.put(i.path("index").asText(), i));
        for (String index : indices) {
            JsonNode i = byName.get(index);
            String health = i == null ? "missing" : i.path("health").asText("unknown");
            String status = i == null ? "missing" : i.path("status").asText("unknown");
            if (!(health.equals("green") || health.equals("yellow")) || !status.equals("open")) {
                throw new UnhealthyIndexException("Refusing to delete " + index + ": its health is " + health + " (" + status
                        + "), so its documents could not all be counted. Nothing was deleted; fix the cluster and run again.");
            }
        }
    }

    /** An index retention governs has unavailable primary shards. */
    public static final class UnhealthyIndexException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        UnhealthyIndexException(String message) {
            super(message);
        }
    }

    /** The plan: what to do with each index, given its state. */
    public static List<IndexAction> decide(List<IndexState> survey, List<LegalHold> holds) {
        java.util.Set<String> activeCases = new java.util.HashSet<>();
        holds.forEach(h -> activeCases.add(layoutCase(h.caseId())));
        List<IndexAction> out = new ArrayList<>();
        for (IndexState s : survey) {
            if (s.documents() == 0) {
                boolean deletable = s.isHoldIndex() ? !activeCases.contains(s.holdCase()) : s.wholePeriodExpired();
                if (deletable) {
                    out.add(new IndexAction(IndexAction.Kind.DELETE_INDEX, s));
                }
            } else if (s.isHoldIndex() && activeCases.contains(s.holdCase())) {
                // An active case's own hold index is never dropped: at most, trim what no hold covers.
                if (s.expiredUnheld() > 0) {
                    out.add(new IndexAction(IndexAction.Kind.TRIM, s));
                }
            } else if (s.expired() == s.documents() && s.wholePeriodExpiredOrHold()) {
                out.add(new IndexAction(s.expiredHeld() == 0 ? IndexAction.Kind.DELETE_INDEX : IndexAction.Kind.COPY_HELD_THEN_DELETE, s));
            } else if (s.expiredUnheld() > 0) {
                out.add(new IndexAction(IndexAction.Kind.TRIM, s));
            }
        }
        return out;
    }

    private static String layoutCase(String caseId) {
        return caseId.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
    }
}
