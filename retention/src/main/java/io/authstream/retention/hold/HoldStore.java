package io.authstream.retention.hold;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.authstream.retention.es.Es;
import io.authstream.retention.es.EsException;
import io.authstream.retention.es.Q;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Legal holds in Elasticsearch, one document per case in {@code <prefix>retention-holds}. Writes
 * refresh before returning, so the next plan sees them.
 */
public final class HoldStore {
    private static final String MAPPING = """
            {"settings":{"number_of_shards":1,"number_of_replicas":0,"auto_expand_replicas":"0-1"},
             "mappings":{"dynamic":false,"properties":{
               "case":{"type":"keyword"},"reason":{"type":"text"},"status":{"type":"keyword"},
               "created_at":{"type":"date"},"created_by":{"type":"keyword"},
               "released_at":{"type":"date"},"released_by":{"type":"keyword"},
               "selection":{"properties":{"tenant":{"type":"keyword"},"user_id":{"type":"keyword"},"ip":{"type":"keyword"},
                 "from":{"type":"date"},"to":{"type":"date"}}}}}}
            """;
    private static final int MAX_HOLDS = 10_000;
    private final Es es;
    private final String index;

    public HoldStore(Es es, String prefix) {
        this.es = es;
        this.index = prefix + "retention-holds";
    }

    public String index() {
        return index;
    }

    private void ensureIndex() {
        es.createIndexIfAbsent(index, MAPPING);
    }

    /** The holds index does not exist. Never read as "no holds": it may have been deleted with holds in it. */
    public static final class MissingIndexException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public MissingIndexException(String message) {
            super(message);
        }
    }

    /** Creates the (empty) holds index explicitly; for a fresh install, whose first run finds none. */
    public void create() {
        ensureIndex();
    }

    public boolean exists() {
        return es.indexExists(index);
    }

    /** Stores a new hold; fails if the case already has an active one. */
    public void add(LegalHold hold) {
        ensureIndex();
        Optional<LegalHold> existing = get(hold.caseId());
        if (existing.isPresent() && existing.get().active()) {
            throw new IllegalStateException("Case " + hold.caseId() + " already has an active legal hold (since "
                    + existing.get().createdAt() + "); release it first or use another case id.");
        }
        es.call("PUT", "/" + index + "/_doc/" + hold.caseId(), Map.of("refresh", "true"), hold.toJson());
    }

    /** Marks the hold released; returns it, or empty if there is no active hold for the case. */
    public Optional<LegalHold> release(String caseId, java.time.Instant at, String by) {
        Optional<LegalHold> h = get(caseId).filter(LegalHold::active);
        h.ifPresent(hold -> es.call("PUT", "/" + index + "/_doc/" + caseId, Map.of("refresh", "true"), hold.released(at, by).toJson()));
        return h.map(hold -> hold.released(at, by));
    }

    public Optional<LegalHold> get(String caseId) {
        try {
            JsonNode n = es.call("GET", "/" + index + "/_doc/" + caseId, null);
            return n.path("found").asBoolean() ? Optional.of(LegalHold.fromJson(n.path("_source"))) : Optional.empty();
        } catch (EsException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Every hold, active first, then by creation time. Throws {@link MissingIndexException} when the
     * holds index does not exist (fail closed: see {@link #create()}).
     */
    public List<LegalHold> list() {
        if (!es.indexExists(index)) {
            throw new MissingIndexException("The legal-hold index " + index + " does not exist, so the active holds are unknown;"
                    + " refusing to act as if there were none. Restore it (for example from a snapshot) before running retention.");
        }
        ObjectNode body = Q.obj();
        body.put("size", MAX_HOLDS);
        body.put("track_total_hits", true);
        body.set("query", Q.matchAll());
        JsonNode r = es.call("POST", "/" + index + "/_search", body);
        long total = r.path("hits").path("total").path("value").asLong();
        if (total > MAX_HOLDS) {
            throw new IllegalStateException(index + " holds " + total + " legal holds; at most " + MAX_HOLDS + " are supported.");
        }
        List<LegalHold> out = new ArrayList<>();
        r.path("hits").path("hits").forEach(h -> out.add(LegalHold.fromJson(h.path("_source"))));
        out.sort(Comparator.comparing((LegalHold h) -> !h.active()).thenComparing(LegalHold::createdAt));
        return out;
    }

    public List<LegalHold> active() {
        return list().stream().filter(LegalHold::active).toList();
    }
}
