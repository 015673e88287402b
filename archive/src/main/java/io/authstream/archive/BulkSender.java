package io.authstream.archive;

import io.authstream.archive.es.ElasticsearchGateway;
import io.authstream.archive.es.ElasticsearchGateway.BulkRequestFailed;
import io.authstream.archive.es.ErrorTypes;
import io.authstream.archive.es.ItemOutcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one batch until every item is acknowledged: created or already present in
 * Elasticsearch, or written to the dead-letter topic. Transient failures (429, 5xx, connection
 * loss, timeouts, per-item overload) are retried with backoff for as long as it takes; nothing is
 * dropped and nothing here gives up on a timeout. Item failures that may never heal (a write-blocked
 * or closed index, 401/403, see {@link ErrorTypes#mayBePermanent}) are retried only for the item
 * budget, then dead-lettered. A dead letter the broker refuses for good (a non-retriable error; the
 * record is cut to fit, so this should not happen) is logged as an error, counted and acknowledged,
 * so it cannot stall the archive; one the broker cannot take yet is retried. Every retry sequence is
 * reported to {@link Stalls}, which readiness reads. It stops early only when the archive closes
 * (the items stay unacknowledged, so their offsets are not committed and they are read again) or
 * when an item's partition was revoked (its new owner re-reads it).
 */
final class BulkSender {
    private static final Logger LOG = LoggerFactory.getLogger(BulkSender.class);

    private final ElasticsearchGateway es;
    private final DeadLetters deadLetters;
    private final ArchiveMetrics metrics;
    private final Backoff backoff;
    private final Consumer<Item> acknowledged;
    private final BooleanSupplier closing;
    private final AtomicInteger retrying;
    private final Stalls stalls;
    private final Clock clock;
    private final Duration itemBudget;
    private final Redeliveries redeliveries;

    BulkSender(ElasticsearchGateway es, DeadLetters deadLetters, ArchiveMetrics metrics, Backoff backoff,
               Consumer<Item> acknowledged, BooleanSupplier closing, AtomicInteger retrying, Stalls stalls, Clock clock,
               Duration itemBudget) {
        this.es = es;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.backoff = backoff;
        this.acknowledged = acknowledged;
        this.closing = closing;
        this.retrying = retrying;
        this.stalls = stalls;
        this.clock = clock;
        this.itemBudget = itemBudget;
        this.redeliveries = new Redeliveries(es, metrics);
    }

    void send(List<Item> batch) throws InterruptedException {
        List<Item> toIndex = new ArrayList<>(batch.size());
        for (Item it : batch) {
            if (it.invalid() != null) {
                deadLetter(it, it.invalid().errorType(), it.invalid().reason());
            } else {
                toIndex.add(it);
            }
        }
        deliver(toIndex);
    }

    private void deliver(List<Item> items) throws InterruptedException {
        Object sequence = new Object();
        try {
            deliver(items, sequence);
        } finally {
            stalls.done(sequence);
        }
    }

    private void deliver(List<Item> items, Object sequence) throws InterruptedException {
        List<Item> pending = items;
        int attempt = 0;
        Map<Item, Instant> budgetedSince = new IdentityHashMap<>();
        while (!pending.isEmpty()) {
            if (closing.getAsBoolean()) {
                return;
            }
            pending.removeIf(Item::revoked);
            if (pending.isEmpty()) {
                return;
            }
            ByteArrayOutputStream body = body(pending);
            long t0 = System.nanoTime();
            List<ItemOutcome> outcomes;
            try {
                outcomes = es.bulk(bodyBytes(body), body.size(), pending.size());
            } catch (BulkRequestFailed f) {
                metrics.bulk(Duration.ofNanos(System.nanoTime() - t0));
                if (f.retryable()) {
                    stalls.failing(sequence);
                    pause(attempt++, f.getMessage());
                    continue;
                }
                // 400/413 for the whole request: narrow it down so that only the culprit is dead-lettered.
                if (pending.size() > 1) {
                    int mid = pending.size() / 2;
                    deliver(new ArrayList<>(pending.subList(0, mid)));
                    deliver(new ArrayList<>(pending.subList(mid, pending.size())));
                } else {
                    deadLetter(pending.get(0), f.type() == null ? "http_" + f.status() : f.type(), f.getMessage());
                }
                return;
            } catch (IOException e) {
                stalls.failing(sequence);
                pause(attempt++, e.toString());
                continue;
            }
            metrics.bulk(Duration.ofNanos(System.nanoTime() - t0));
            List<Item> again = new ArrayList<>();
            List<Item> duplicates = new ArrayList<>();
            String retryWhy = null;
            for (int i = 0; i < outcomes.size(); i++) {
                ItemOutcome o = outcomes.get(i);
                Item it = pending.get(i);
                switch (o.kind()) {
                    case INDEXED -> {
                        metrics.indexed.increment();
                        acknowledged.accept(it);
                    }
                    case DUPLICATE -> {
                        metrics.duplicates.increment();
                        duplicates.add(it);
                        acknowledged.accept(it);
                    }
                    case RETRY -> {
                        metrics.itemRetry(o.errorType() == null ? "http_" + o.status() : o.errorType());
                        if (ErrorTypes.mayBePermanent(o) && overBudget(budgetedSince, it)) {
                            deadLetter(it, o.errorType() == null ? "http_" + o.status() : o.errorType(),
                                    "still refused after the retry budget of " + itemBudget + ": " + o.reason());
                        } else {
                            again.add(it);
                            retryWhy = o.status() + " " + o.errorType();
                        }
                    }
                    case REJECTED -> deadLetter(it, o.errorType(), o.reason());
                }
            }
            redeliveries.check(duplicates);
            pending = again;
            if (!pending.isEmpty()) {
                stalls.failing(sequence);
                pause(attempt++, pending.size() + " items failed transiently (" + retryWhy + ")");
            }
        }
    }

    private void pause(int attempt, String why) throws InterruptedException {
        metrics.bulkRetries.increment();
        Duration d = backoff.delay(attempt);
        if (attempt == 0 || attempt % 10 == 0) {
            LOG.warn("Elasticsearch bulk failed, retrying in {} ms (attempt {}): {}", d.toMillis(), attempt + 1, why);
        }
        retrying.incrementAndGet();
        try {
            Thread.sleep(d.toMillis());
        } finally {
            retrying.decrementAndGet();
        }
    }

    /** True once {@code it} has been failing for the item budget; its clock starts at its first failure. */
    private boolean overBudget(Map<Item, Instant> since, Item it) {
        Instant first = since.computeIfAbsent(it, k -> clock.instant());
        return Duration.between(first, clock.instant()).compareTo(itemBudget) >= 0;
    }

    private void deadLetter(Item it, String type, String reason) throws InterruptedException {
        Object sequence = new Object();
        int attempt = 0;
        try {
            while (!closing.getAsBoolean() && !it.revoked()) {
                try {
                    deadLetters.send(it, type, reason);
                    metrics.deadLettered.increment();
                    LOG.warn("Dead-lettered {} ({}): {}", it.id(), type, reason);
                    acknowledged.accept(it);
                    return;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof RetriableException)) {
                        // The broker refuses this record for good (too large, invalid): retrying would
                        // stall every partition for ever. The event itself stays in the events topic.
                        metrics.deadLetterDropped.increment();
                        LOG.error("DEAD LETTER LOST: the broker refuses the dead letter of {} ({}: {}) for good: {}."
                                + " The event is not archived; it stays in the events topic until its retention.",
                                it.id(), type, reason, e.getCause().toString());
                        acknowledged.accept(it);
                        return;
                    }
                    stalls.failing(sequence);
                    pause(attempt++, "dead-letter topic unavailable: " + e);
                } catch (TimeoutException e) {
                    stalls.failing(sequence);
                    pause(attempt++, "dead-letter topic unavailable: " + e);
                }
            }
        } finally {
            stalls.done(sequence);
        }
    }

    private static ByteArrayOutputStream body(List<Item> items) {
        int size = 0;
        for (Item it : items) {
            size += it.line().length;
        }
        ByteArrayOutputStream out = new ExposedBuffer(size);
        for (Item it : items) {
            out.writeBytes(it.line());
        }
        return out;
    }

    private static byte[] bodyBytes(ByteArrayOutputStream b) {
        return ((ExposedBuffer) b).array();
    }

    /** Gives the request the buffer itself, without the copy {@code toByteArray()} makes. */
    private static final class ExposedBuffer extends ByteArrayOutputStream {
        ExposedBuffer(int size) {
            super(Math.max(size, 32));
        }

        byte[] array() {
            return buf;
        }
    }
}
