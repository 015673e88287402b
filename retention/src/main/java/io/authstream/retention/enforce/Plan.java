package io.authstream.retention.enforce;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.authstream.retention.es.Q;
import io.authstream.retention.hold.LegalHold;
import io.authstream.schemas.catalogue.RetentionClass;
import io.authstream.schemas.record.RetentionPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What enforcement would do at {@code asOf}: the steps, and the survey they came from. A plan is a
 * prediction; {@code apply} re-surveys under the lock and acts only on what is still expired.
 */
public record Plan(Instant asOf, RetentionPolicy policy, List<IndexAction> actions, List<IndexState> survey,
                   List<LegalHold> activeHolds) {
    public Plan {
        actions = List.copyOf(actions);
        survey = List.copyOf(survey);
        activeHolds = List.copyOf(activeHolds);
    }

    public long indicesToDelete() {
        return actions.stream().filter(a -> a.kind() != IndexAction.Kind.TRIM).count();
    }

    public long documentsInDeletedIndices() {
        return actions.stream().filter(a -> a.kind() != IndexAction.Kind.TRIM).mapToLong(IndexAction::documentsRemoved).sum();
    }

    public long documentsToTrim() {
        return actions.stream().filter(a -> a.kind() == IndexAction.Kind.TRIM).mapToLong(a -> a.state().expiredUnheld()).sum();
    }

    /** Expired documents kept because a hold covers them. */
    public long heldDocuments() {
        return survey.stream().mapToLong(IndexState::expiredHeld).sum();
    }

    /** Held documents per case (a document covered by two cases counts for both). */
    public Map<String, Long> heldByCase() {
        Map<String, Long> m = new TreeMap<>();
        activeHolds.forEach(h -> m.put(h.caseId(), 0L));
        survey.forEach(s -> s.expiredHeldByCase().forEach((c, n) -> m.merge(c, n, Long::sum)));
        return m;
    }

    /** Expired, unheld documents: zero after a successful apply. */
    public long violations() {
        return survey.stream().mapToLong(IndexState::expiredUnheld).sum();
    }

    public boolean isEmpty() {
        return actions.isEmpty();
    }

    public ObjectNode toJson() {
        ObjectNode n = Q.obj();
        n.put("as_of", asOf.toString());
        n.put("policy_version", policy.version());
        ObjectNode cut = n.putObject("cutoffs");
        for (RetentionClass c : RetentionClass.values()) {
            ObjectNode o = cut.putObject(c.id());
            o.put("limit", RetentionPolicy.format(policy.maxAge().get(c)));
            o.put("delete_before", policy.cutoff(c, null, asOf).toString());
            policy.tenantsOverriding(c).forEach(t -> o.withObjectProperty("tenants").put(t, policy.cutoff(c, t, asOf).toString()));
        }
        ObjectNode tot = n.putObject("totals");
        tot.put("indices_to_delete", indicesToDelete());
        tot.put("documents_in_deleted_indices", documentsInDeletedIndices());
        tot.put("documents_to_trim", documentsToTrim());
        tot.put("held_documents", heldDocuments());
        ArrayNode a = n.putArray("actions");
        for (IndexAction act : actions) {
            IndexState s = act.state();
            ObjectNode o = a.addObject();
            o.put("index", s.index());
            o.put("action", act.kind().id());
            o.put("class", s.retentionClass() == null ? "mixed" : s.retentionClass().id());
            o.put("documents", s.documents());
            o.put("documents_to_delete", act.documentsRemoved());
            o.put("held", s.expiredHeld());
            if (s.oldest() != null) {
                o.put("oldest", s.oldest().toString());
                o.put("newest", s.newest().toString());
            }
            ObjectNode bc = o.putObject("held_by_case");
            s.expiredHeldByCase().forEach(bc::put);
        }
        ObjectNode holds = n.putObject("held_by_case");
        heldByCase().forEach(holds::put);
        return n;
    }
}
