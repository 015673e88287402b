package io.authstream.retention.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.authstream.retention.es.Es;
import io.authstream.schemas.index.IndexLayout;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * The append-only audit trail in {@code IndexLayout.auditIndex} (one index per year). Entries are
 * created ({@code _create}) with their sequence number as id, never updated; retention never deletes
 * these indices (their names are not event or hold indices, and the deleter refuses anything else).
 * Each entry records when, who (operator and host), the policy version and the run it belongs to,
 * and is hash-chained to the one before it ({@code seq}, {@code prev_hash}, {@code hash}; see
 * {@link AuditChain}).
 */
public final class AuditLog {
    static final String MAPPING = """
            {"settings":{"number_of_shards":1,"number_of_replicas":0,"auto_expand_replicas":"0-1"},
             "mappings":{"dynamic":false,"properties":{
               "@timestamp":{"type":"date"},"action":{"type":"keyword"},"outcome":{"type":"keyword"},
               "run_id":{"type":"keyword"},"operator":{"type":"keyword"},"host":{"type":"keyword"},
               "policy_version":{"type":"keyword"},"index":{"type":"keyword"},"retention_class":{"type":"keyword"},
               "case":{"type":"keyword"},"subject_hash":{"type":"keyword"},"message":{"type":"text"},
               "seq":{"type":"long"},"prev_hash":{"type":"keyword"},"hash":{"type":"keyword"},
               "counts":{"properties":{"documents":{"type":"long"},"indices":{"type":"long"},"held":{"type":"long"},
                 "copied":{"type":"long"},"erased":{"type":"long"},"violations":{"type":"long"}}},
               "by_class":{"properties":{"security":{"type":"long"},"activity":{"type":"long"},"noise":{"type":"long"}}}}}}
            """;
    private final Es es;
    private final IndexLayout layout;
    private final Clock clock;
    private final String operator;
    private final String host;
    private final AuditChain chain;

    public AuditLog(Es es, IndexLayout layout, Clock clock, String operator, String host) {
        this.chain = new AuditChain(es, layout);
        this.es = es;
        this.layout = layout;
        this.clock = clock;
        this.operator = operator;
        this.host = host;
    }

    /** Appends {@code e}, stamped now, for run {@code runId} under {@code policyVersion}, as the next link of the chain. */
    public void append(String runId, String policyVersion, AuditEntry e) {
        Instant now = clock.instant();
        ObjectNode doc = e.fields();
        doc.put("@timestamp", now.toString());
        doc.put("run_id", runId);
        doc.put("operator", operator);
        doc.put("host", host);
        doc.put("policy_version", policyVersion);
        chain.append(doc);
    }

    /** The chain head (null before the first chained entry). */
    public ChainHead head() {
        return chain.head();
    }

    /** Walks the whole chain; see {@link ChainVerifier} for what counts as a break. */
    public ChainVerdict verify(int pageSize, java.time.Duration keepAlive) {
        return chain.verify(pageSize, keepAlive);
    }

    /** How many entries of {@code action} the whole trail holds (every year). */
    public long count(String action) {
        ObjectNode body = io.authstream.retention.es.Q.obj();
        body.put("size", 0);
        body.put("track_total_hits", true);
        body.set("query", io.authstream.retention.es.Q.term("action", action));
        return es.call("POST", "/" + layout.auditIndexPattern() + "/_search", Map.of("ignore_unavailable", "true", "allow_no_indices", "true"),
                body).path("hits").path("total").path("value").asLong();
    }

    public String indexPattern() {
        return layout.auditIndexPattern();
    }

    public String operator() {
        return operator;
    }

    public String host() {
        return host;
    }
}
