package io.authstream.retention.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.authstream.retention.es.BulkResult;
import io.authstream.retention.es.Es;
import io.authstream.schemas.record.RetentionReport;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Keeps reports in {@code <prefix>retention-reports} for Kibana: one document per class per report
 * ({@code type: class}, flat numbers to chart over time) and one summary ({@code type: summary}).
 */
public final class ReportStore {
    private static final String MAPPING = """
            {"settings":{"number_of_shards":1,"number_of_replicas":0,"auto_expand_replicas":"0-1"},
             "mappings":{"dynamic":false,"properties":{
               "@timestamp":{"type":"date"},"report_id":{"type":"keyword"},"type":{"type":"keyword"},
               "policy_version":{"type":"keyword"},"class":{"type":"keyword"},"status":{"type":"keyword"},
               "compliant":{"type":"boolean"},"limit_days":{"type":"double"},"oldest_event_age_days":{"type":"double"},
               "beyond_limit_days":{"type":"double"},"documents":{"type":"long"},"size_bytes":{"type":"long"},
               "indices":{"type":"long"},"documents_beyond_limit":{"type":"long"},"held_beyond_limit":{"type":"long"},
               "deleted_indices":{"type":"long"},"deleted_documents":{"type":"long"},"erased_documents":{"type":"long"},
               "shards_open":{"type":"long"},"shards_budget":{"type":"long"},"active_holds":{"type":"long"},
               "last_successful_enforcement":{"type":"date"}}}}
            """;
    private final Es es;
    private final String index;

    public ReportStore(Es es, String prefix) {
        this.es = es;
        this.index = prefix + "retention-reports";
    }

    public String index() {
        return index;
    }

    public void store(RetentionReport r) {
        es.createIndexIfAbsent(index, MAPPING);
        JsonNode full = r.toJsonNode();
        StringBuilder nd = new StringBuilder();
        ObjectNode summary = Es.JSON.createObjectNode();
        summary.put("@timestamp", r.generatedAt().toString());
        summary.put("report_id", r.reportId());
        summary.put("type", "summary");
        summary.put("policy_version", r.policyVersion());
        summary.put("compliant", r.compliant());
        summary.put("shards_open", r.shards().shards());
        summary.put("shards_budget", r.shards().budget());
        summary.put("active_holds", r.holds().size());
        if (r.lastSuccessfulEnforcement() != null) {
            summary.put("last_successful_enforcement", r.lastSuccessfulEnforcement().toString());
        }
        summary.set("report", full);
        nd.append("{\"index\":{\"_index\":").append(Es.write(index)).append(",\"_id\":").append(Es.write(r.reportId() + "-summary"))
                .append("}}\n").append(Es.write(summary)).append('\n');
        for (JsonNode c : full.path("classes")) {
            ObjectNode d = ((ObjectNode) c.deepCopy());
            JsonNode del = d.remove("deletions_in_period");
            d.remove("tenant_limit_days");
            d.put("deleted_indices", del.path("indices").asLong());
            d.put("deleted_documents", del.path("documents").asLong());
            d.put("erased_documents", del.path("erased").asLong());
            d.put("@timestamp", r.generatedAt().toString());
            d.put("report_id", r.reportId());
            d.put("type", "class");
            d.put("policy_version", r.policyVersion());
            nd.append("{\"index\":{\"_index\":").append(Es.write(index)).append(",\"_id\":")
                    .append(Es.write(r.reportId() + "-" + c.path("class").asText())).append("}}\n").append(Es.write(d)).append('\n');
        }
        BulkResult res = BulkResult.of(es.bulk(nd.toString().getBytes(StandardCharsets.UTF_8), Map.of("refresh", "true")));
        if (res.failed() > 0) {
            throw new IllegalStateException("Storing the report failed: " + res.firstFailure());
        }
    }
}
