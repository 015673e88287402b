package io.authstream.retention.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.authstream.retention.enforce.IndexState;
import io.authstream.retention.enforce.Surveyor;
import io.authstream.retention.es.Es;
import io.authstream.retention.es.Q;
import io.authstream.retention.hold.LegalHold;
import io.authstream.schemas.catalogue.RetentionClass;
import io.authstream.schemas.index.IndexLayout;
import io.authstream.schemas.record.RetentionPolicy;
import io.authstream.schemas.record.RetentionReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Gathers a {@link RetentionReport}: the archive survey (the same one enforcement uses), deletions
 * from the audit index, active holds, and the shard budget. Read-only.
 */
public final class Reporter {
    private final Es es;
    private final IndexLayout layout;
    private final Surveyor surveyor;
    private final Clock clock;

    public Reporter(Es es, IndexLayout layout, Clock clock) {
        this.es = es;
        this.layout = layout;
        this.surveyor = new Surveyor(es, layout);
        this.clock = clock;
    }

    public RetentionReport report(RetentionPolicy policy, List<LegalHold> holds, Duration period, String operator) {
        Instant now = clock.instant();
        Instant periodStart = now.minus(period);
        List<IndexState> survey = surveyor.survey(policy, now, holds);
        es.refresh(layout.auditIndexPattern());
        Map<RetentionClass, RetentionReport.Deletions> deletions = deletions(periodStart, now);
        List<RetentionReport.ClassStatus> classes = new ArrayList<>();
        for (RetentionClass c : RetentionClass.values()) {
            long docs = 0;
            long size = 0;
            int indices = 0;
            long beyond = 0;
            long held = 0;
            Instant oldest = null;
            Instant oldestUnheld = null;
            for (IndexState s : survey) {
                if (s.retentionClass() != c) {
                    continue;
                }
                indices++;
                docs += s.documents();
                size += s.sizeBytes();
                beyond += s.expiredUnheld();
                held += s.expiredHeld();
                oldest = min(oldest, s.oldest());
                oldestUnheld = min(oldestUnheld, s.oldestExpiredUnheld());
            }
            Duration limit = policy.maxAge().get(c);
            Map<String, Duration> tenantLimits = new LinkedHashMap<>();
            policy.tenantsOverriding(c).forEach(t -> tenantLimits.put(t, policy.limit(c, t)));
            Duration beyondLimit = oldestUnheld == null ? null : max0(Duration.between(oldestUnheld, now).minus(limit));
            classes.add(new RetentionReport.ClassStatus(c, limit, tenantLimits, policy.grace(), docs, size, indices,
                    oldest == null ? null : Duration.between(oldest, now), beyond, beyond == 0 ? null : beyondLimit, held,
                    beyond == 0 ? RetentionReport.Status.COMPLIANT : RetentionReport.Status.VIOLATION,
                    deletions.getOrDefault(c, RetentionReport.Deletions.NONE)));
        }
        return new RetentionReport(UUID.randomUUID().toString(), now, policy.version(), operator, periodStart,
                lastSuccessfulEnforcement(), classes, holdStatuses(holds), shards());
    }

    private static Duration max0(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static Instant min(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }

    private Map<RetentionClass, RetentionReport.Deletions> deletions(Instant from, Instant to) {
        ObjectNode body = Q.obj();
        body.put("size", 0);
        body.set("query", Q.bool().filter(Q.range("@timestamp", from, to.plusMillis(1))).filter(Q.term("outcome", "success")).build());
        ObjectNode aggs = body.putObject("aggs");
        ObjectNode del = aggs.putObject("deleted");
        del.set("filter", Q.terms("action", List.of("index-delete", "trim")));
        ObjectNode byClass = del.putObject("aggs").putObject("class");
        byClass.putObject("terms").put("field", "retention_class").put("size", 10);
        ObjectNode sums = byClass.putObject("aggs");
        sums.putObject("documents").putObject("sum").put("field", "counts.documents");
        sums.putObject("indices").putObject("sum").put("field", "counts.indices");
        // Hold indices hold several classes: their deletions are broken down in by_class.
        ObjectNode hd = aggs.putObject("hold_deleted");
        hd.set("filter", Q.bool().filter(Q.term("action", "index-delete")).mustNot(Q.exists("retention_class")).build());
        ObjectNode hdAggs = hd.putObject("aggs");
        for (RetentionClass c : RetentionClass.values()) {
            hdAggs.putObject(c.id()).putObject("sum").put("field", "by_class." + c.id());
        }
        ObjectNode er = aggs.putObject("erased");
        er.set("filter", Q.term("action", "erase"));
        ObjectNode erAggs = er.putObject("aggs");
        for (RetentionClass c : RetentionClass.values()) {
            erAggs.putObject(c.id()).putObject("sum").put("field", "by_class." + c.id());
        }
        JsonNode r = es.call("POST", "/" + layout.auditIndexPattern() + "/_search",
                Map.of("ignore_unavailable", "true", "allow_no_indices", "true"), body);
        Map<RetentionClass, RetentionReport.Deletions> out = new EnumMap<>(RetentionClass.class);
        Map<RetentionClass, long[]> acc = new EnumMap<>(RetentionClass.class);
        r.path("aggregations").path("deleted").path("class").path("buckets").forEach(b -> {
            RetentionClass c = RetentionClass.fromId(b.path("key").asText());
            acc.computeIfAbsent(c, k -> new long[3])[0] += b.path("indices").path("value").asLong();
            acc.get(c)[1] += b.path("documents").path("value").asLong();
        });
        for (RetentionClass c : RetentionClass.values()) {
            long erased = r.path("aggregations").path("erased").path(c.id()).path("value").asLong();
            acc.computeIfAbsent(c, k -> new long[3])[2] += erased;
            acc.get(c)[1] += r.path("aggregations").path("hold_deleted").path(c.id()).path("value").asLong();
        }
        acc.forEach((c, v) -> out.put(c, new RetentionReport.Deletions(v[0], v[1], v[2])));
        return out;
    }

    /** The last apply that ended successfully, from the audit trail. */
    public Instant lastSuccessfulEnforcement() {
        ObjectNode body = Q.obj();
        body.put("size", 0);
        body.set("query", Q.bool().filter(Q.term("action", "apply")).filter(Q.term("outcome", "success")).build());
        body.putObject("aggs").putObject("last").putObject("max").put("field", "@timestamp");
        JsonNode v = es.call("POST", "/" + layout.auditIndexPattern() + "/_search",
                Map.of("ignore_unavailable", "true", "allow_no_indices", "true"), body).path("aggregations").path("last").path("value");
        return v.isNumber() ? Instant.ofEpochMilli(v.asLong()) : null;
    }

    private List<RetentionReport.HoldStatus> holdStatuses(List<LegalHold> holds) {
        List<RetentionReport.HoldStatus> out = new ArrayList<>();
        if (holds.isEmpty()) {
            return out;
        }
        ObjectNode body = Q.obj();
        body.put("size", 0);
        ObjectNode filters = body.putObject("aggs").putObject("cases").putObject("filters").putObject("filters");
        holds.forEach(h -> filters.set(h.caseId(), h.selection().query()));
        JsonNode b = es.call("POST", "/" + surveyor.targets() + "/_search",
                Map.of("ignore_unavailable", "true", "allow_no_indices", "true"), body).path("aggregations").path("cases").path("buckets");
        for (LegalHold h : holds) {
            out.add(new RetentionReport.HoldStatus(h.caseId(), h.reason(), h.createdAt(), h.createdBy(), h.selection().describe(),
                    b.path(h.caseId()).path("doc_count").asLong()));
        }
        return out;
    }

    private RetentionReport.ShardBudget shards() {
        JsonNode health = es.health();
        long shards = health.path("active_shards").asLong() + health.path("unassigned_shards").asLong();
        long dataNodes = Math.max(1, health.path("number_of_data_nodes").asLong());
        JsonNode s = es.call("GET", "/_cluster/settings", Map.of("include_defaults", "true", "flat_settings", "true"), null);
        long perNode = 1000;
        for (String scope : List.of("transient", "persistent", "defaults")) {
            JsonNode v = s.path(scope).path("cluster.max_shards_per_node");
            if (!v.isMissingNode()) {
                perNode = v.asLong(1000);
                break;
            }
        }
        return new RetentionReport.ShardBudget(shards, perNode * dataNodes);
    }
}
