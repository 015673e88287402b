package io.authstream.retention.enforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.authstream.retention.audit.AuditEntry;
import io.authstream.retention.audit.AuditLog;
import io.authstream.retention.es.BulkResult;
import io.authstream.retention.es.Es;
import io.authstream.retention.es.PitPager;
import io.authstream.retention.es.Q;
import io.authstream.retention.hold.LegalHold;
import io.authstream.schemas.index.IndexLayout;
import io.authstream.schemas.record.RetentionPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out retention under the run lock: surveys, decides, acts, and re-surveys until nothing
 * expired and unheld is left (at most three passes), then proves it with a final survey.
 *
 * <p>Why it is safe to crash anywhere: every step is idempotent and re-derived from the archive's
 * state, not from a journal. Deleting an index by name twice is a no-op; trimming re-selects what
 * is still expired; held documents are copied with their own {@code _id} (a second copy overwrites
 * the first) and the source index is dropped only after every copy succeeded. A rerun therefore
 * ends in the same state as an uninterrupted run.
 *
 * <p>Why a whole-index delete cannot take a young or held event with it: the index is made
 * read-only, refreshed and re-counted first; if anything that must survive is in it (a late event,
 * a longer tenant limit), it is unblocked and trimmed instead.
 */
public final class Enforcer {
    private static final Logger LOG = LoggerFactory.getLogger(Enforcer.class);
    private static final int MAX_PASSES = 3;
    private final Es es;
    private final IndexLayout layout;
    private final Surveyor surveyor;
    private final AuditLog audit;
    private final Clock clock;
    private final int batchSize;
    private final Duration keepAlive;
    private final Checkpoint checkpoint;

    public Enforcer(Es es, IndexLayout layout, AuditLog audit, Clock clock, int batchSize, Duration keepAlive, Checkpoint checkpoint) {
        this.es = es;
        this.layout = layout;
        this.surveyor = new Surveyor(es, layout);
        this.audit = audit;
        this.clock = clock;
        this.batchSize = batchSize;
        this.keepAlive = keepAlive;
        this.checkpoint = checkpoint;
    }

    /** Mutable tallies of one run. */
    private static final class Tally {
        long indicesDeleted;
        long docsInDeletedIndices;
        long trimmed;
        long copied;
        long trimNanos;

        long removed() {
            return docsInDeletedIndices + trimmed;
        }
    }

    /** Enforces {@code policy} with {@code holds} (read under the lock, so they cannot change meanwhile). */
    public ApplyResult apply(RetentionPolicy policy, List<LegalHold> holds, String runId, RunLock.Lease lease, Progress progress) {
        long t0 = System.nanoTime();
        Instant asOf = clock.instant();
        Tally t = new Tally();
        int pass = 0;
        Plan last;
        while (true) {
            pass++;
            List<IndexState> survey = surveyor.survey(policy, asOf, holds);
            List<IndexAction> actions = Surveyor.decide(survey, holds);
            last = new Plan(asOf, policy, actions, survey, holds);
            if (actions.isEmpty()) {
                break;
            }
            if (pass > MAX_PASSES) {
                throw new IllegalStateException("After " + MAX_PASSES + " passes " + actions.size()
                        + " indices still hold expired documents (is something writing old events into them?); first: "
                        + actions.get(0).state().index());
            }
            LOG.info("retention run {} pass {}: {} indices to act on", runId, pass, actions.size());
            for (IndexAction a : actions) {
                lease.renewIfDue();
                execute(a, policy, asOf, holds, runId, lease, progress, t);
            }
        }
        if (last.violations() > 0) {
            throw new IllegalStateException(last.violations() + " expired documents are still in the archive after the run.");
        }
        return new ApplyResult(runId, policy.version(), asOf, t.indicesDeleted, t.docsInDeletedIndices, t.trimmed, t.copied,
                last.heldByCase(), pass, Duration.ofNanos(t.trimNanos), Duration.ofNanos(System.nanoTime() - t0));
    }

    private void execute(IndexAction a, RetentionPolicy policy, Instant asOf, List<LegalHold> holds, String runId,
                         RunLock.Lease lease, Progress progress, Tally t) {
        IndexState s = a.state();
        if (!surveyor.governs(s.index())) {
            throw new IllegalStateException("refusing to touch " + s.index() + ": not an event or hold index");
        }
        ObjectNode deletable = Selections.deletable(policy, layout, asOf, holds);
        switch (a.kind()) {
            case TRIM -> trim(s, deletable, policy, runId, lease, progress, t);
            case DELETE_INDEX -> {
                if (blockAndCheckNothingSurvives(s.index(), deletable)) {
                    dropIndex(s, policy, runId, progress, t, 0);
                } else {
                    trim(s, deletable, policy, runId, lease, progress, t);
                }
            }
            case COPY_HELD_THEN_DELETE -> {
                ObjectNode expired = Selections.expired(policy, layout, asOf);
                if (!blockAndCheckNothingSurvives(s.index(), expired)) {
                    trim(s, deletable, policy, runId, lease, progress, t);
                    return;
                }
                long copied = 0;
                for (LegalHold h : holds) {
                    if (s.expiredHeldByCase().getOrDefault(h.caseId(), 0L) > 0) {
                        copied += copyHeld(s, h, policy, runId, lease, progress);
                    }
                }
                t.copied += copied;
                dropIndex(s, policy, runId, progress, t, copied);
            }
        }
    }

    /** Makes the index read-only and returns true if every document in it matches {@code removable}; else unblocks it. */
    private boolean blockAndCheckNothingSurvives(String index, ObjectNode removable) {
        setWriteBlock(index, true);
        es.refresh(index);
        long survivors = es.call("POST", "/" + index + "/_count", Q.obj().set("query", Q.bool().mustNot(removable).build()))
                .path("count").asLong();
        if (survivors > 0) {
            LOG.warn("{} gained {} documents that must be kept since the survey; trimming it instead of deleting it", index, survivors);
            setWriteBlock(index, false);
            return false;
        }
        return true;
    }

    private void setWriteBlock(String index, boolean on) {
        es.call("PUT", "/" + index + "/_settings", Q.obj().put("index.blocks.write", on));
    }

    private void dropIndex(IndexState s, RetentionPolicy policy, String runId, Progress progress, Tally t, long copied) {
        progress.update("delete-index", s.index(), 0, s.documents());
        boolean existed = es.deleteIndex(s.index());
        if (existed) {
            t.indicesDeleted++;
            t.docsInDeletedIndices += s.documents();
        }
        audit.append(runId, policy.version(), AuditEntry.of("index-delete").index(s.index()).retentionClass(s.retentionClass())
                .caseId(s.holdCase()).count("documents", existed ? s.documents() : 0).count("indices", existed ? 1 : 0)
                .count("copied", copied).build());
        progress.update("delete-index", s.index(), s.documents(), s.documents());
        checkpoint.afterStep(t.removed());
    }

    private void trim(IndexState s, ObjectNode deletable, RetentionPolicy policy, String runId, RunLock.Lease lease,
                      Progress progress, Tally t) {
        long start = System.nanoTime();
        long deleted = 0;
        // A crash between blocking and deleting may have left the block on an index we now only trim.
        setWriteBlock(s.index(), false);
        try (PitPager pager = new PitPager(es, s.index(), deletable, batchSize, keepAlive, BooleanNode.FALSE)) {
            for (List<JsonNode> page = pager.next(); !page.isEmpty(); page = pager.next()) {
                ByteArrayOutputStream nd = new ByteArrayOutputStream(page.size() * 96);
                for (JsonNode hit : page) {
                    line(nd, "{\"delete\":{\"_index\":" + Es.write(hit.path("_index").asText()) + ",\"_id\":"
                            + Es.write(hit.path("_id").asText()) + "}}");
                }
                BulkResult r = BulkResult.of(es.bulk(nd.toByteArray(), Map.of()));
                if (r.failed() > 0) {
                    throw new IllegalStateException("Trimming " + s.index() + " failed for " + r.failed() + " documents; first: " + r.firstFailure());
                }
                deleted += r.succeeded();
                t.trimmed += r.succeeded();
                progress.update("trim", s.index(), deleted, s.expiredUnheld());
                checkpoint.afterStep(t.removed());
                lease.renewIfDue();
            }
        }
        es.refresh(s.index());
        t.trimNanos += System.nanoTime() - start;
        audit.append(runId, policy.version(), AuditEntry.of("trim").index(s.index()).retentionClass(s.retentionClass())
                .caseId(s.holdCase()).count("documents", deleted).count("held", s.expiredHeld()).build());
    }

    private long copyHeld(IndexState s, LegalHold h, RetentionPolicy policy, String runId, RunLock.Lease lease, Progress progress) {
        String target = layout.holdIndex(h.caseId());
        ensureHoldIndex(target, s.index());
        long expected = s.expiredHeldByCase().get(h.caseId());
        long copied = 0;
        try (PitPager pager = new PitPager(es, s.index(), h.selection().query(), batchSize, keepAlive, BooleanNode.TRUE)) {
            for (List<JsonNode> page = pager.next(); !page.isEmpty(); page = pager.next()) {
                ByteArrayOutputStream nd = new ByteArrayOutputStream(page.size() * 2048);
                for (JsonNode hit : page) {
                    line(nd, "{\"index\":{\"_index\":" + Es.write(target) + ",\"_id\":" + Es.write(hit.path("_id").asText()) + "}}");
                    line(nd, Es.write(hit.path("_source")));
                }
                BulkResult r = BulkResult.of(es.bulk(nd.toByteArray(), Map.of()));
                if (r.failed() > 0) {
                    throw new IllegalStateException("Copying held events from " + s.index() + " into " + target + " failed for "
                            + r.failed() + " documents, so the index is kept; first: " + r.firstFailure());
                }
                copied += r.succeeded();
                progress.update("copy-held", s.index(), copied, expected);
                lease.renewIfDue();
            }
        }
        es.refresh(target);
        audit.append(runId, policy.version(), AuditEntry.of("hold-copy").index(s.index()).retentionClass(s.retentionClass())
                .caseId(h.caseId()).count("copied", copied).message("copied into " + target).build());
        return copied;
    }

    /** Creates the hold index with the source index's mapping, so copies stay searchable the same way. */
    private void ensureHoldIndex(String target, String source) {
        if (es.indexExists(target)) {
            return;
        }
        JsonNode mappings = es.call("GET", "/" + source + "/_mapping", null).path(source).path("mappings");
        ObjectNode body = Q.obj();
        body.putObject("settings").put("number_of_shards", 1).put("number_of_replicas", 0).put("auto_expand_replicas", "0-1");
        body.set("mappings", mappings);
        es.createIndexIfAbsent(target, Es.write(body));
    }

    private static void line(ByteArrayOutputStream out, String json) {
        try {
            out.write(json.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
