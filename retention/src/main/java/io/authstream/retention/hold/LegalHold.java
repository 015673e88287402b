package io.authstream.retention.hold;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.authstream.retention.es.Q;
import java.time.Instant;
import java.util.Objects;

/**
 * A legal hold: while active, no event its selection matches is deleted by enforcement or erasure.
 * Holds are never edited: add one, release it; the audit trail keeps the history.
 */
public record LegalHold(String caseId, String reason, HoldSelection selection, Instant createdAt, String createdBy,
                        Instant releasedAt, String releasedBy) {
    /** The one limit on case ids: the hold index {@code <prefix>hold-<case>} allows no more ({@code IndexLayout.holdIndex}). */
    public static final int MAX_CASE_ID = io.authstream.schemas.index.IndexLayout.MAX_CASE_LENGTH;

    public LegalHold {
        Objects.requireNonNull(caseId, "caseId");
        if (!caseId.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0," + (MAX_CASE_ID - 1) + "}")) {
            throw new IllegalArgumentException("A case id must be 1-" + MAX_CASE_ID
                    + " letters, digits, '.', '_' or '-', starting with a letter or digit, was '" + caseId + "'.");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("A legal hold needs a reason (--reason).");
        }
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean active() {
        return releasedAt == null;
    }

    public LegalHold released(Instant at, String by) {
        return new LegalHold(caseId, reason, selection, createdAt, createdBy, at, by);
    }

    public ObjectNode toJson() {
        ObjectNode n = Q.obj();
        n.put("case", caseId);
        n.put("reason", reason);
        n.set("selection", selection.toJson());
        n.put("status", active() ? "active" : "released");
        n.put("created_at", createdAt.toString());
        n.put("created_by", createdBy);
        if (releasedAt != null) {
            n.put("released_at", releasedAt.toString());
            n.put("released_by", releasedBy);
        }
        return n;
    }

    public static LegalHold fromJson(JsonNode n) {
        return new LegalHold(n.path("case").asText(), n.path("reason").asText(), HoldSelection.fromJson(n.path("selection")),
                Instant.parse(n.path("created_at").asText()), n.path("created_by").asText(null),
                n.hasNonNull("released_at") ? Instant.parse(n.get("released_at").asText()) : null,
                n.path("released_by").asText(null));
    }
}
