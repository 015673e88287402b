package io.authstream.retention.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.authstream.retention.es.Es;
import io.authstream.retention.es.EsException;
import io.authstream.retention.es.PitPager;
import io.authstream.retention.es.Q;
import io.authstream.schemas.index.IndexLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Hash-chains the audit trail. One document, {@code <prefix>retention-audit-head/_doc/head}, holds
 * the last entry (its {@code seq}, {@code hash} and full content). An append reads it, gives the new
 * entry {@code seq + 1} and {@code prev_hash = hash}, swaps the head with optimistic concurrency
 * ({@code if_seq_no}/{@code if_primary_term}) and then creates the entry with id {@code seq}
 * (zero-padded) in the year's audit index. So every writer (apply, plan, holds, erasure, failures
 * audited outside the run lock, several instances) is put in one global order by the head swap,
 * not by the run lock. An append interrupted between the swap and the create leaves the entry only
 * in the head; the next append writes it from there before going on.
 *
 * <p>The first chained append writes entry 1, the anchor ({@value ChainVerifier#ANCHOR}), which
 * seals the entries written before chaining began (count and {@link ChainHash#prefixDigest}).
 * It refuses to start a new chain while chained entries exist without a head (a deleted head).
 */
public final class AuditChain {
    static final String HEAD_MAPPING = """
            {"settings":{"number_of_shards":1,"number_of_replicas":0,"auto_expand_replicas":"0-1"},
             "mappings":{"dynamic":false,"properties":{"seq":{"type":"long"},"hash":{"type":"keyword"},
               "entry":{"type":"object","enabled":false}}}}
            """;
    static final String CHAIN_FIELDS = """
            {"properties":{"seq":{"type":"long"},"prev_hash":{"type":"keyword"},"hash":{"type":"keyword"}}}
            """;
    private static final String HEAD_DOC = "head";
    private static final int MAX_ATTEMPTS = 50;
    private final Es es;
    private final IndexLayout layout;
    private final String headIndex;
    private final Set<String> readyIndices = ConcurrentHashMap.newKeySet();

    public AuditChain(Es es, IndexLayout layout) {
        this.es = es;
        this.layout = layout;
        this.headIndex = layout.prefix() + "retention-audit-head";
    }

    public String headIndex() {
        return headIndex;
    }

    /** Appends {@code doc} (every field but the chain's) as the next entry; returns its sequence number. */
    public long append(ObjectNode doc) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            JsonNode cur = readHead();
            if (cur == null) {
                start(doc);
                continue;
            }
            JsonNode head = cur.path("_source");
            writeIfAbsent(head.path("entry"));
            ObjectNode entry = doc.deepCopy();
            long seq = head.path("seq").asLong() + 1;
            entry.put("seq", seq);
            entry.put("prev_hash", head.path("hash").asText());
            entry.put("hash", ChainHash.of(entry));
            if (swapHead(cur, entry)) {
                write(entry);
                return seq;
            }
            // Another writer appended first: back off a little, with jitter so two writers do not collide again in step.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextLong(5, 50)));
        }
        throw new IllegalStateException("Could not append to the audit chain: " + MAX_ATTEMPTS + " attempts lost to concurrent writers.");
    }

    /** The recorded chain head, or null when no chained entry was written yet. */
    public ChainHead head() {
        JsonNode cur = readHead();
        return cur == null ? null : new ChainHead(cur.path("_source").path("seq").asLong(), cur.path("_source").path("hash").asText());
    }

    /** Walks every audit entry in sequence order (the unchained prefix first) and reports the first break. Read-only. */
    public ChainVerdict verify(int pageSize, Duration keepAlive) {
        ChainHead head = head();
        ChainVerifier v = new ChainVerifier();
        if (anyAuditIndex()) {
            es.refresh(layout.auditIndexPattern());
            ArrayNode sort = Es.JSON.createArrayNode();
            sort.addObject().putObject("seq").put("order", "asc").put("missing", "_first").put("unmapped_type", "long");
            sort.addObject().put("_shard_doc", "asc");
            try (PitPager p = new PitPager(es, layout.auditIndexPattern(), Q.matchAll(), pageSize, keepAlive, Es.JSON.valueToTree(true), sort)) {
                for (List<JsonNode> page = p.next(); !page.isEmpty(); page = p.next()) {
                    page.forEach(h -> v.feed(h.path("_id").asText(), h.path("_source")));
                }
            }
        }
        return v.finish(head);
    }

    private boolean anyAuditIndex() {
        JsonNode r = es.call("GET", "/_cat/indices/" + layout.auditIndexPattern(), Map.of("format", "json", "h", "index"), null);
        return r.size() > 0;
    }

    private JsonNode readHead() {
        try {
            return es.call("GET", "/" + headIndex + "/_doc/" + HEAD_DOC, null);
        } catch (EsException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
    }

    private boolean swapHead(JsonNode cur, ObjectNode entry) {
        try {
            es.call("PUT", "/" + headIndex + "/_doc/" + HEAD_DOC, Map.of("if_seq_no", cur.path("_seq_no").asText(),
                    "if_primary_term", cur.path("_primary_term").asText()), headDoc(entry));
            return true;
        } catch (EsException e) {
            if (e.is("version_conflict_engine_exception")) {
                return false;
            }
            throw e;
        }
    }

    /** Writes the anchor, entry 1, sealing the unchained prefix; a lost race to another starter is fine. */
    private void start(ObjectNode template) {
        prepareExistingIndices();
        long chained = countChained();
        if (chained > 0) {
            throw new IllegalStateException("The audit chain head " + headIndex + " is missing, but the audit trail holds " + chained
                    + " chained entries: refusing to start a new chain over them. Restore the head index (for example from a"
                    + " snapshot); `retention audit verify` reports the break meanwhile.");
        }
        List<String> prefix = new ArrayList<>();
        if (anyAuditIndex()) {
            es.refresh(layout.auditIndexPattern());
            try (PitPager p = new PitPager(es, layout.auditIndexPattern(), Q.matchAll(), 1000, Duration.ofMinutes(5), Es.JSON.valueToTree(true))) {
                for (List<JsonNode> page = p.next(); !page.isEmpty(); page = p.next()) {
                    page.forEach(h -> prefix.add(ChainHash.of(h.path("_source"))));
                }
            }
        }
        ObjectNode anchor = Q.obj();
        anchor.put("action", ChainVerifier.ANCHOR);
        anchor.put("outcome", "success");
        anchor.putObject("counts").put("unchained", prefix.size());
        anchor.put("unchained_digest", ChainHash.prefixDigest(prefix));
        anchor.put("message", prefix.size() + " entries written before chaining began are sealed by unchained_digest");
        for (String f : List.of("@timestamp", "run_id", "operator", "host", "policy_version")) {
            if (template.has(f)) {
                anchor.set(f, template.get(f));
            }
        }
        anchor.put("seq", 1);
        anchor.put("prev_hash", ChainHash.GENESIS);
        anchor.put("hash", ChainHash.of(anchor));
        es.createIndexIfAbsent(headIndex, HEAD_MAPPING);
        try {
            es.call("PUT", "/" + headIndex + "/_create/" + HEAD_DOC, Map.of(), headDoc(anchor));
        } catch (EsException e) {
            if (e.is("version_conflict_engine_exception")) {
                return;
            }
            throw e;
        }
        write(anchor);
    }

    private long countChained() {
        if (!anyAuditIndex()) {
            return 0;
        }
        es.refresh(layout.auditIndexPattern());
        ObjectNode body = Q.obj();
        body.put("size", 0);
        body.put("track_total_hits", true);
        body.set("query", Q.exists("seq"));
        return es.call("POST", "/" + layout.auditIndexPattern() + "/_search", Map.of("ignore_unavailable", "true", "allow_no_indices", "true"),
                body).path("hits").path("total").path("value").asLong();
    }

    /** Audit indices created before chaining lack the chain fields in their mapping ({@code dynamic: false}): add them. */
    private void prepareExistingIndices() {
        if (anyAuditIndex()) {
            es.call("PUT", "/" + layout.auditIndexPattern() + "/_mapping", Map.of("allow_no_indices", "true"), CHAIN_FIELDS);
        }
    }

    private static ObjectNode headDoc(ObjectNode entry) {
        ObjectNode h = Q.obj();
        h.put("seq", entry.path("seq").asLong());
        h.put("hash", entry.path("hash").asText());
        h.set("entry", entry);
        return h;
    }

    static String id(long seq) {
        return String.format(Locale.ROOT, "%012d", seq);
    }

    private String indexOf(JsonNode entry) {
        return layout.auditIndex(Instant.parse(entry.path("@timestamp").asText()));
    }

    /** Creates the entry; one already there is fine only if it is this very entry (another writer completed our append). */
    private void write(JsonNode entry) {
        String index = indexOf(entry);
        ready(index);
        String id = id(entry.path("seq").asLong());
        try {
            es.call("PUT", "/" + index + "/_create/" + id, Map.of(), entry);
        } catch (EsException e) {
            if (!e.is("version_conflict_engine_exception")) {
                throw e;
            }
            String there = es.call("GET", "/" + index + "/_doc/" + id, null).path("_source").path("hash").asText();
            if (!there.equals(entry.path("hash").asText())) {
                throw new IllegalStateException("Audit entry " + id + " in " + index + " already exists with other content ("
                        + there + "): the audit trail was tampered with; run `retention audit verify`.");
            }
        }
    }

    /** Completes an interrupted append: the head's entry must exist in its audit index. */
    private void writeIfAbsent(JsonNode entry) {
        if (!entry.isObject()) {
            return;
        }
        String index = indexOf(entry);
        try {
            es.call("GET", "/" + index + "/_doc/" + id(entry.path("seq").asLong()), Map.of("_source", "false"), null);
        } catch (EsException e) {
            if (e.status() != 404) {
                throw e;
            }
            write(entry);
        }
    }

    /** Creates the audit index, or adds the chain fields to an existing one's mapping, once per process. */
    private void ready(String index) {
        if (readyIndices.contains(index)) {
            return;
        }
        if (es.indexExists(index)) {
            es.call("PUT", "/" + index + "/_mapping", CHAIN_FIELDS);
        } else {
            es.createIndexIfAbsent(index, AuditLog.MAPPING);
        }
        readyIndices.add(index);
    }
}
