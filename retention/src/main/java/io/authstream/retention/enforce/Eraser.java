package io.authstream.retention.enforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.authstream.retention.es.BulkResult;
import io.authstream.retention.es.Es;
import io.authstream.retention.es.PitPager;
import io.authstream.retention.es.Q;
import io.authstream.retention.hold.LegalHold;
import io.authstream.schemas.catalogue.RetentionClass;
import io.authstream.schemas.index.IndexLayout;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deletes every archived event of one person ({@code user.id}), in event and hold indices, except
 * what an active legal hold covers (the hold wins and is reported). Not bound by the policy's
 * minimum age: an erasure request is explicit. Events that name the person only in other fields
 * ({@code user.name}, an e-mail in {@code auth0.details}) are not found by {@code user.id}.
 */
public final class Eraser {
    private final Es es;
    private final IndexLayout layout;
    private final Surveyor surveyor;
    private final int batchSize;
    private final Duration keepAlive;

    public Eraser(Es es, IndexLayout layout, int batchSize, Duration keepAlive) {
        this.es = es;
        this.layout = layout;
        this.surveyor = new Surveyor(es, layout);
        this.batchSize = batchSize;
        this.keepAlive = keepAlive;
    }

    /** Renews {@code lease} as it goes, like apply: a hold added meanwhile waits for it instead of racing it. */
    public EraseResult erase(String userId, String subjectHash, List<LegalHold> holds, RunLock.Lease lease, Progress progress) {
        String targets = surveyor.targets();
        // Fails fast on a red index: its documents could not be found (and refreshing it would wait a minute).
        surveyor.listIndices();
        es.refresh(targets);
        ObjectNode person = Q.term("user.id", userId);
        Map<String, Long> heldByCase = new LinkedHashMap<>();
        for (LegalHold h : holds) {
            long n = count(targets, Q.bool().filter(person).filter(h.selection().query()).build());
            if (n > 0) {
                heldByCase.put(h.caseId(), n);
            }
        }
        ObjectNode erasable = Q.bool().filter(person).mustNot(Selections.held(holds)).build();
        long total = count(targets, erasable);
        Map<RetentionClass, Long> byClass = new EnumMap<>(RetentionClass.class);
        long deleted = 0;
        if (total > 0) {
            JsonNode fields = Es.JSON.createArrayNode().add("authstream.retention_class");
            try (PitPager pager = new PitPager(es, targets, erasable, batchSize, keepAlive, fields)) {
                for (List<JsonNode> page = pager.next(); !page.isEmpty(); page = pager.next()) {
                    StringBuilder nd = new StringBuilder(page.size() * 96);
                    for (JsonNode hit : page) {
                        nd.append("{\"delete\":{\"_index\":").append(Es.write(hit.path("_index").asText())).append(",\"_id\":")
                                .append(Es.write(hit.path("_id").asText())).append("}}\n");
                    }
                    BulkResult r = BulkResult.of(es.bulk(nd.toString().getBytes(StandardCharsets.UTF_8), Map.of()));
                    if (r.failed() > 0) {
                        throw new IllegalStateException("Erasure failed for " + r.failed() + " documents; first: " + r.firstFailure()
                                + ". Run it again: it resumes where it stopped.");
                    }
                    for (JsonNode hit : page) {
                        RetentionClass c = classOf(hit);
                        if (c != null) {
                            byClass.merge(c, 1L, Long::sum);
                        }
                    }
                    deleted += r.succeeded();
                    progress.update("erase", "*", deleted, total);
                    lease.renewIfDue();
                }
            }
            es.refresh(targets);
        }
        lease.renewIfDue();
        long left = count(targets, erasable);
        if (left > 0) {
            throw new IllegalStateException(left + " of the person's documents are still in the archive (written meanwhile?); run erase again.");
        }
        long held = holds.isEmpty() ? 0 : count(targets, Q.bool().filter(person).filter(Selections.held(holds)).build());
        return new EraseResult(subjectHash, deleted, byClass, held, heldByCase);
    }

    private RetentionClass classOf(JsonNode hit) {
        String c = hit.path("_source").path("authstream").path("retention_class").asText(null);
        if (c == null) {
            c = hit.path("_source").path("authstream.retention_class").asText(null);
        }
        if (c != null) {
            try {
                return RetentionClass.fromId(c);
            } catch (IllegalArgumentException e) {
                // fall through to the index name
            }
        }
        return layout.parseEventIndex(hit.path("_index").asText()).map(IndexLayout.EventIndex::retentionClass).orElse(null);
    }

    private long count(String targets, ObjectNode query) {
        // A search (not _count) so that Es can forbid partial results: a failed shard must not read as "nothing left".
        ObjectNode body = Q.obj();
        body.put("size", 0);
        body.put("track_total_hits", true);
        body.set("query", query);
        return es.call("POST", "/" + targets + "/_search", Map.of("ignore_unavailable", "true", "allow_no_indices", "true"), body)
                .path("hits").path("total").path("value").asLong();
    }
}
