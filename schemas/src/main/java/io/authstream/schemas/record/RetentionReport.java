package io.authstream.schemas.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.authstream.schemas.catalogue.RetentionClass;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A compliance report on the archive: per retention class whether anything is older than its limit,
 * how much was deleted in the reporting period, which legal holds keep what, and how many shards
 * the archive uses against the node's budget. Schema: {@code json-schema/retention-report.schema.json}.
 *
 * @param reportId                  unique id; stored documents of one report share it
 * @param generatedAt               when the numbers were taken ("now" for every age)
 * @param periodStart               start of the reporting period for deletions (end = generatedAt)
 * @param lastSuccessfulEnforcement last {@code apply} that finished successfully, null if none is audited
 */
public record RetentionReport(String reportId, Instant generatedAt, String policyVersion, String operator,
                              Instant periodStart, Instant lastSuccessfulEnforcement, List<ClassStatus> classes,
                              List<HoldStatus> holds, ShardBudget shards) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public RetentionReport {
        Objects.requireNonNull(reportId, "reportId");
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(policyVersion, "policyVersion");
        Objects.requireNonNull(periodStart, "periodStart");
        classes = List.copyOf(classes);
        holds = List.copyOf(holds);
        Objects.requireNonNull(shards, "shards");
    }

    /** Compliant when no class is in violation. */
    public boolean compliant() {
        return classes.stream().allMatch(c -> c.status() == Status.COMPLIANT);
    }

    public enum Status {
        COMPLIANT, VIOLATION;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One retention class.
     *
     * @param limit              the class limit (tenant overrides in {@code tenantLimits})
     * @param oldestEventAge     age of the oldest event of the class in the archive, null when empty
     * @param documentsBeyond    unheld documents older than their limit plus grace (the violation)
     * @param beyondLimit        how far the oldest such document is beyond its limit, null when none
     * @param heldBeyond         documents older than their limit kept only because a legal hold covers them
     */
    public record ClassStatus(RetentionClass retentionClass, Duration limit, Map<String, Duration> tenantLimits,
                              Duration grace, long documents, long sizeBytes, int indices, Duration oldestEventAge,
                              long documentsBeyond, Duration beyondLimit, long heldBeyond, Status status,
                              Deletions deletionsInPeriod) {
        public ClassStatus {
            Objects.requireNonNull(retentionClass, "retentionClass");
            Objects.requireNonNull(limit, "limit");
            tenantLimits = Map.copyOf(tenantLimits);
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(deletionsInPeriod, "deletionsInPeriod");
        }
    }

    /** What the audit index says was deleted in the reporting period. */
    public record Deletions(long indicesDeleted, long documentsDeleted, long documentsErased) {
        public static final Deletions NONE = new Deletions(0, 0, 0);
    }

    /** An active legal hold: what it keeps in the archive right now. */
    public record HoldStatus(String caseId, String reason, Instant createdAt, String createdBy, String selection,
                             long heldDocuments) {
    }

    /** Open shards in the cluster against {@code cluster.max_shards_per_node} times the data nodes. */
    public record ShardBudget(long shards, long budget) {
        public double usedFraction() {
            return budget <= 0 ? 0 : (double) shards / budget;
        }
    }

    /** Days with three decimals, the unit people read retention in (and Kibana can chart). */
    public static double days(Duration d) {
        return Math.round(d.toMillis() / 86_400.0) / 1000.0;
    }

    public ObjectNode toJsonNode() {
        ObjectNode n = JSON.createObjectNode();
        n.put("report_id", reportId);
        n.put("generated_at", generatedAt.toString());
        n.put("policy_version", policyVersion);
        putNullable(n, "operator", operator);
        n.put("period_start", periodStart.toString());
        putNullable(n, "last_successful_enforcement", lastSuccessfulEnforcement == null ? null : lastSuccessfulEnforcement.toString());
        n.put("compliant", compliant());
        ArrayNode cl = n.putArray("classes");
        for (ClassStatus c : classes) {
            ObjectNode o = cl.addObject();
            o.put("class", c.retentionClass().id());
            o.put("limit_days", days(c.limit()));
            ObjectNode tl = o.putObject("tenant_limit_days");
            c.tenantLimits().forEach((t, d) -> tl.put(t, days(d)));
            o.put("grace_days", c.grace() == null ? 0 : days(c.grace()));
            o.put("documents", c.documents());
            o.put("size_bytes", c.sizeBytes());
            o.put("indices", c.indices());
            if (c.oldestEventAge() == null) {
                o.putNull("oldest_event_age_days");
            } else {
                o.put("oldest_event_age_days", days(c.oldestEventAge()));
            }
            o.put("status", c.status().id());
            o.put("documents_beyond_limit", c.documentsBeyond());
            if (c.beyondLimit() == null) {
                o.putNull("beyond_limit_days");
            } else {
                o.put("beyond_limit_days", days(c.beyondLimit()));
            }
            o.put("held_beyond_limit", c.heldBeyond());
            ObjectNode del = o.putObject("deletions_in_period");
            del.put("indices", c.deletionsInPeriod().indicesDeleted());
            del.put("documents", c.deletionsInPeriod().documentsDeleted());
            del.put("erased", c.deletionsInPeriod().documentsErased());
        }
        ArrayNode hs = n.putArray("holds");
        for (HoldStatus h : holds) {
            ObjectNode o = hs.addObject();
            o.put("case", h.caseId());
            o.put("reason", h.reason());
            o.put("created_at", h.createdAt().toString());
            putNullable(o, "created_by", h.createdBy());
            o.put("selection", h.selection());
            o.put("held_documents", h.heldDocuments());
        }
        ObjectNode sh = n.putObject("shards");
        sh.put("open", shards.shards());
        sh.put("budget", shards.budget());
        return n;
    }

    public String toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJsonNode());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putNullable(ObjectNode n, String f, String v) {
        if (v == null) {
            n.putNull(f);
        } else {
            n.put(f, v);
        }
    }
}
