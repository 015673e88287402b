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
import io.authstream.schemas.catalogue.RetentionClass;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
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
    /** Indices per settings update, count and delete request (keeps URLs short). */
    private static final int DROP_GROUP = 25;
    /** Indices per point-in-time when trimming. */
    private static final int TRIM_GROUP = 50;
    /** Bulk delete requests in flight while trimming. */
    private static final int BULK_IN_FLIGHT = 2;
    private final Es es;
    private final IndexLayout layout;
    private final Surveyor surveyor;
    private final AuditLog audit;
    private final Clock clock;
    private final int batchSize;
    private final Duration keepAlive;
    private final Checkpoint checkpoint;
    private final WriteBlocks blocks;

    public Enforcer(Es es, IndexLayout layout, AuditLog audit, Clock clock, int batchSize, Duration keepAlive, Checkpoint checkpoint) {
        this.es = es;
        this.layout = layout;
        this.surveyor = new Surveyor(es, layout);
        this.audit = audit;
        this.clock = clock;
        this.batchSize = batchSize;
        this.keepAlive = keepAlive;
        this.checkpoint = checkpoint;
        this.blocks = new WriteBlocks(es, audit);
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
        for (LegalHold h : holds) {
            // Fails here, before anything is blocked, if a stored case id cannot name a hold index.
            layout.holdIndex(h.caseId());
        }
        blocks.liftLeftovers(surveyor, policy.version(), runId);
        Tally t = new Tally();
        int passes = 0;
        Plan last;
        while (true) {
            List<IndexState> survey = surveyor.survey(policy, asOf, holds);
            List<IndexAction> actions = Surveyor.decide(survey, holds);
            last = new Plan(asOf, policy, actions, survey, holds);
            if (actions.isEmpty()) {
                break;
            }
            if (++passes > MAX_PASSES) {
                throw new IllegalStateException("After " + MAX_PASSES + " passes " + actions.size()
                        + " indices still hold expired documents (is something writing old events into them?); first: "
                        + actions.get(0).state().index());
            }
            LOG.info("retention run {} pass {}: {} indices to act on", runId, passes, actions.size());
            execute(actions, policy, asOf, holds, runId, lease, progress, t);
        }
        if (last.violations() > 0) {
            throw new IllegalStateException(last.violations() + " expired documents are still in the archive after the run.");
        }
        return new ApplyResult(runId, policy.version(), asOf, t.indicesDeleted, t.docsInDeletedIndices, t.trimmed, t.copied,
                last.heldByCase(), passes, Duration.ofNanos(t.trimNanos), Duration.ofNanos(System.nanoTime() - t0));
    }

    /**
     * Whole-index deletions first (in groups: one settings update, one count and one delete per
     * group, since every cluster-state change costs), then held copies, then one trim over all
     * boundary indices at once.
     */
    private void execute(List<IndexAction> actions, RetentionPolicy policy, Instant asOf, List<LegalHold> holds, String runId,
                         RunLock.Lease lease, Progress progress, Tally t) {
        for (IndexAction a : actions) {
            if (!surveyor.governs(a.state().index())) {
                throw new IllegalStateException("refusing to touch " + a.state().index() + ": not an event or hold index");
            }
        }
        ObjectNode deletable = Selections.deletable(policy, layout, asOf, holds);
        List<IndexState> toTrim = new ArrayList<>();
        List<IndexState> toDrop = actions.stream().filter(a -> a.kind() == IndexAction.Kind.DELETE_INDEX).map(IndexAction::state).toList();
        for (int i = 0; i < toDrop.size(); i += DROP_GROUP) {
            lease.renewIfDue();
            toTrim.addAll(dropGroup(toDrop.subList(i, Math.min(toDrop.size(), i + DROP_GROUP)), deletable, policy, runId, progress, t));
        }
        ObjectNode expired = Selections.expired(policy, layout, asOf);
        for (IndexAction a : actions) {
            if (a.kind() != IndexAction.Kind.COPY_HELD_THEN_DELETE) {
                continue;
            }
            IndexState s = a.state();
            lease.renewIfDue();
            if (!blockAndCheck(List.of(s), expired).isEmpty()) {
                toTrim.add(s);
                continue;
            }
            // Counted again under the write block, for every active hold: one whose survey count
            // here was zero may have gained a matching event since, and it must be copied too.
            HeldNow now = heldNow(s.index(), holds);
            long copied = 0;
            try {
                for (LegalHold h : holds) {
                    long n = now.byCase().getOrDefault(h.caseId(), 0L);
                    if (n > 0) {
                        copied += copyHeld(s, h, n, policy, runId, lease, progress);
                    }
                }
            } catch (RuntimeException e) {
                blocks.liftQuietly(s.index(), e);
                throw e;
            }
            t.copied += copied;
            deleteAndAudit(List.of(s), policy, runId, progress, t, copied, now.held());
        }
        actions.stream().filter(a -> a.kind() == IndexAction.Kind.TRIM).map(IndexAction::state).forEach(toTrim::add);
        for (int i = 0; i < toTrim.size(); i += TRIM_GROUP) {
            trim(toTrim.subList(i, Math.min(toTrim.size(), i + TRIM_GROUP)), deletable, policy, runId, lease, progress, t);
        }
    }

    /** Deletes a group of indices whose documents are all removable; returns those that turned out to need trimming instead. */
    private List<IndexState> dropGroup(List<IndexState> group, ObjectNode removable, RetentionPolicy policy, String runId,
                                       Progress progress, Tally t) {
        if (group.isEmpty()) {
            return List.of();
        }
        List<IndexState> survivors = blockAndCheck(group, removable);
        List<IndexState> drop = group.stream().filter(s -> !survivors.contains(s)).toList();
        deleteAndAudit(drop, policy, runId, progress, t, 0, 0);
        return survivors;
    }

    /**
     * Makes the indices read-only, refreshes and counts what must survive in each; unblocks and
     * returns those with survivors (a late event, a longer tenant limit since the survey).
     */
    private List<IndexState> blockAndCheck(List<IndexState> group, ObjectNode removable) {
        String names = names(group);
        blocks.set(names, true);
        ObjectNode body = Q.obj();
        body.put("size", 0);
        body.set("query", Q.bool().mustNot(removable).build());
        body.putObject("aggs").putObject("idx").putObject("terms").put("field", "_index").put("size", group.size() + 1);
        JsonNode buckets;
        try {
            es.refresh(names);
            // Es refuses a partial answer: an index with a failed shard has no bucket and would look empty.
            buckets = es.call("POST", "/" + names + "/_search", Map.of("ignore_unavailable", "true"), body)
                    .path("aggregations").path("idx").path("buckets");
        } catch (RuntimeException e) {
            blocks.liftQuietly(names, e);
            throw e;
        }
        Set<String> withSurvivors = new HashSet<>();
        buckets.forEach(b -> withSurvivors.add(b.path("key").asText()));
        List<IndexState> out = group.stream().filter(s -> withSurvivors.contains(s.index())).toList();
        if (!out.isEmpty()) {
            LOG.warn("{} gained documents that must be kept since the survey; trimming instead of deleting them", names(out));
            blocks.set(names(out), false);
        }
        return out;
    }

    /** {@code kept}: documents that live on as copies in hold indices (not counted as deleted here). */
    private void deleteAndAudit(List<IndexState> drop, RetentionPolicy policy, String runId, Progress progress, Tally t, long copied,
                                long kept) {
        if (drop.isEmpty()) {
            return;
        }
        Map<String, Map<RetentionClass, Long>> holdClasses = new HashMap<>();
        try {
            surveyor.requireHealthy(drop.stream().map(IndexState::index).toList());
            for (IndexState s : drop) {
                progress.update("delete-index", s.index(), 0, s.documents());
                if (s.isHoldIndex() && s.documents() > 0) {
                    holdClasses.put(s.index(), classesIn(s.index()));
                }
            }
        } catch (RuntimeException e) {
            // Nothing deleted yet: lift the blocks this run set, so the archive can write again.
            blocks.liftQuietly(names(drop), e);
            throw e;
        }
        es.deleteIndices(drop.stream().map(IndexState::index).toList());
        for (IndexState s : drop) {
            // Copied documents still exist (in the hold index): they are counted when they finally go.
            long removed = s.documents() - kept;
            t.indicesDeleted++;
            t.docsInDeletedIndices += removed;
            audit.append(runId, policy.version(), AuditEntry.of("index-delete").index(s.index()).retentionClass(s.retentionClass())
                    .caseId(s.holdCase()).count("documents", removed).count("indices", 1).count("copied", copied)
                    .byClass(holdClasses.getOrDefault(s.index(), Map.of())).build());
            progress.update("delete-index", s.index(), s.documents(), s.documents());
        }
        checkpoint.afterStep(t.removed());
    }

    /** Queues a bulk delete of {@code page}, first waiting for the oldest request if enough are in flight; returns the wait. */
    private long submitDelete(List<JsonNode> page, Map<String, Long> perIndex, java.util.ArrayDeque<Future<BulkResult>> inFlight,
                              ExecutorService threads, long deleted, long expected, String names, int indices, Progress progress,
                              Tally t, RunLock.Lease lease) {
        ByteArrayOutputStream nd = new ByteArrayOutputStream(page.size() * 96);
        for (JsonNode hit : page) {
            line(nd, "{\"delete\":{\"_index\":" + Es.write(hit.path("_index").asText()) + ",\"_id\":"
                    + Es.write(hit.path("_id").asText()) + "}}");
            perIndex.merge(hit.path("_index").asText(), 1L, Long::sum);
        }
        long waited = 0;
        if (inFlight.size() >= BULK_IN_FLIGHT) {
            long w0 = System.nanoTime();
            settle(inFlight.removeFirst(), deleted, expected, names, indices, progress, t);
            waited = System.nanoTime() - w0;
            lease.renewIfDue();
        }
        byte[] body = nd.toByteArray();
        inFlight.addLast(threads.submit(() -> BulkResult.of(es.bulk(body, Map.of()))));
        return waited;
    }

    /** One search without a point-in-time, for an index expected to hold less than a page to delete. */
    private List<JsonNode> plainPage(String index, ObjectNode query) {
        ObjectNode body = Q.obj();
        body.put("size", batchSize);
        body.put("track_total_hits", false);
        body.put("_source", false);
        body.set("query", query);
        body.putArray("sort").add("_doc");
        List<JsonNode> hits = new ArrayList<>();
        es.call("POST", "/" + index + "/_search", body).path("hits").path("hits").forEach(hits::add);
        return hits;
    }

    private long settle(Future<BulkResult> f, long deleted, long expected, String names, int indices, Progress progress, Tally t) {
        BulkResult r;
        try {
            r = f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trimming", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
        if (r.failed() > 0) {
            throw new IllegalStateException("Trimming failed for " + r.failed() + " documents; first: " + r.firstFailure());
        }
        t.trimmed += r.succeeded();
        long now = deleted + r.succeeded();
        progress.update("trim", indices == 1 ? names : indices + " indices", now, expected);
        checkpoint.afterStep(t.removed());
        return now;
    }

    /** Documents per retention class in a (hold) index, so the audit can attribute its deletion to classes. */
    private Map<RetentionClass, Long> classesIn(String index) {
        ObjectNode body = Q.obj();
        body.put("size", 0);
        body.putObject("aggs").putObject("c").putObject("terms").put("field", "authstream.retention_class").put("size", 10);
        Map<RetentionClass, Long> out = new EnumMap<>(RetentionClass.class);
        es.call("POST", "/" + index + "/_search", body).path("aggregations").path("c").path("buckets").forEach(b -> {
            try {
                out.put(RetentionClass.fromId(b.path("key").asText()), b.path("doc_count").asLong());
            } catch (IllegalArgumentException e) {
                // not a class we know: left out of the breakdown
            }
        });
        return out;
    }

    private static String names(List<IndexState> group) {
        return group.stream().map(IndexState::index).collect(Collectors.joining(","));
    }

    /** Held documents in {@code index} right now: in total (any hold) and per case. */
    private record HeldNow(long held, Map<String, Long> byCase) {
    }

    private HeldNow heldNow(String index, List<LegalHold> holds) {
        if (holds.isEmpty()) {
            return new HeldNow(0, Map.of());
        }
        ObjectNode body = Q.obj();
        body.put("size", 0);
        body.put("track_total_hits", true);
        body.set("query", Selections.held(holds));
        ObjectNode filters = body.putObject("aggs").putObject("cases").putObject("filters").putObject("filters");
        holds.forEach(h -> filters.set(h.caseId(), h.selection().query()));
        JsonNode r;
        try {
            r = es.call("POST", "/" + index + "/_search", body);
        } catch (RuntimeException e) {
            blocks.liftQuietly(index, e);
            throw e;
        }
        Map<String, Long> byCase = new HashMap<>();
        r.path("aggregations").path("cases").path("buckets").properties()
                .forEach(c -> byCase.put(c.getKey(), c.getValue().path("doc_count").asLong()));
        return new HeldNow(r.path("hits").path("total").path("value").asLong(), byCase);
    }

    /** Deletes, in one point-in-time over the whole group, every document the query selects. */
    private void trim(List<IndexState> group, ObjectNode deletable, RetentionPolicy policy, String runId, RunLock.Lease lease,
                      Progress progress, Tally t) {
        long start = System.nanoTime();
        String names = names(group);
        // A crash between blocking and deleting may have left the block on an index we now only trim.
        List<String> blocked = blocks.blocked(names);
        if (!blocked.isEmpty()) {
            blocks.set(String.join(",", blocked), false);
        }
        long expected = group.stream().mapToLong(IndexState::expiredUnheld).sum();
        Map<String, Long> perIndex = new HashMap<>();
        long deleted = 0;
        // Bulk deletes run on their own threads while the next page is searched: up to
        // BULK_IN_FLIGHT of them at once, since deletes on different shards proceed in parallel.
        ExecutorService bulkThreads = Executors.newFixedThreadPool(BULK_IN_FLIGHT, r -> {
            Thread th = new Thread(r, "retention-trim-bulk");
            th.setDaemon(true);
            return th;
        });
        long searchNanos = 0;
        long waitNanos = 0;
        // One point-in-time per index: a page over many shards makes every shard return a full
        // page for the coordinator to merge, several times slower than paging each index alone.
        java.util.ArrayDeque<Future<BulkResult>> inFlight = new java.util.ArrayDeque<>();
        long trimmedBefore = t.trimmed;
        try {
            for (IndexState index : group) {
                if (index.expiredUnheld() == 0) {
                    continue;
                }
                // Most boundary indices hold less than a page to delete: one plain search finds it
                // all, saving the point-in-time's open and close round trips.
                if (index.expiredUnheld() < batchSize) {
                    long s0 = System.nanoTime();
                    List<JsonNode> page = plainPage(index.index(), deletable);
                    searchNanos += System.nanoTime() - s0;
                    if (page.size() < batchSize) {
                        if (!page.isEmpty()) {
                            waitNanos += submitDelete(page, perIndex, inFlight, bulkThreads, deleted, expected, names, group.size(),
                                    progress, t, lease);
                            deleted = t.trimmed - trimmedBefore;
                        }
                        continue;
                    }
                }
                try (PitPager pager = new PitPager(es, index.index(), deletable, batchSize, keepAlive, BooleanNode.FALSE)) {
                    while (true) {
                        long s0 = System.nanoTime();
                        List<JsonNode> page = pager.next();
                        searchNanos += System.nanoTime() - s0;
                        if (page.isEmpty()) {
                            break;
                        }
                        waitNanos += submitDelete(page, perIndex, inFlight, bulkThreads, deleted, expected, names, group.size(),
                                progress, t, lease);
                        deleted = t.trimmed - trimmedBefore;
                    }
                }
            }
            long w0 = System.nanoTime();
            while (!inFlight.isEmpty()) {
                settle(inFlight.removeFirst(), t.trimmed - trimmedBefore, expected, names, group.size(), progress, t);
            }
            deleted = t.trimmed - trimmedBefore;
            waitNanos += System.nanoTime() - w0;
        } finally {
            bulkThreads.shutdownNow();
        }
        // No refresh here: the deletes are durable once acknowledged, and the re-survey that
        // verifies the run refreshes before it counts.
        LOG.info("trimmed {} documents from {} indices in {} ms (searching {} ms, waiting for deletes {} ms)",
                deleted, group.size(), (System.nanoTime() - start) / 1_000_000, searchNanos / 1_000_000, waitNanos / 1_000_000);
        t.trimNanos += System.nanoTime() - start;
        for (IndexState s : group) {
            audit.append(runId, policy.version(), AuditEntry.of("trim").index(s.index()).retentionClass(s.retentionClass())
                    .caseId(s.holdCase()).count("documents", perIndex.getOrDefault(s.index(), 0L)).count("held", s.expiredHeld()).build());
        }
    }

    private long copyHeld(IndexState s, LegalHold h, long expected, RetentionPolicy policy, String runId, RunLock.Lease lease,
                          Progress progress) {
        String target = layout.holdIndex(h.caseId());
        ensureHoldIndex(target, s.index());
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
        if (copied < expected) {
            throw new IllegalStateException("Copying held events from " + s.index() + " into " + target + " copied " + copied + " of "
                    + expected + " documents, so the index is kept.");
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
