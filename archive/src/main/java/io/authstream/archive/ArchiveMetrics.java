package io.authstream.archive;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** The archive's meters, all prefixed {@code authstream.archive.}. */
final class ArchiveMetrics {
    final Counter indexed;
    final Counter duplicates;
    final Counter deadLettered;
    final Counter bulkRetries;
    final Counter deadLetterDropped;
    final Counter changedRedeliveries;
    final Counter uncheckedRedeliveries;
    private final MeterRegistry registry;
    final Timer bulkLatency;
    final AtomicLong consumerLag = new AtomicLong();
    final AtomicLong uncommitted = new AtomicLong();
    final AtomicLong paused = new AtomicLong();

    ArchiveMetrics(MeterRegistry r) {
        registry = r;
        deadLetterDropped = Counter.builder("authstream.archive.dead_letters.dropped")
                .description("Dead letters the broker refused for good (logged as errors; should stay 0)").register(r);
        indexed = Counter.builder("authstream.archive.documents").tag("result", "indexed")
                .description("Documents Elasticsearch created").register(r);
        duplicates = Counter.builder("authstream.archive.documents").tag("result", "duplicate")
                .description("Redelivered events whose log_id was already archived").register(r);
        deadLettered = Counter.builder("authstream.archive.documents").tag("result", "dead_lettered")
                .description("Events sent to the dead-letter topic").register(r);
        changedRedeliveries = Counter.builder("authstream.archive.redeliveries.changed")
                .description("Redelivered events whose content differs from the archived first version (kept)").register(r);
        uncheckedRedeliveries = Counter.builder("authstream.archive.redeliveries.unchecked")
                .description("Redelivered events that could not be compared with the archived version").register(r);
        bulkRetries = Counter.builder("authstream.archive.bulk.retries")
                .description("Bulk attempts retried after 429/5xx/connection failures").register(r);
        bulkLatency = Timer.builder("authstream.archive.bulk.latency").publishPercentileHistogram()
                .description("Time of one bulk request").register(r);
        r.gauge("authstream.archive.consumer.lag", consumerLag);
        r.gauge("authstream.archive.uncommitted", uncommitted);
        r.gauge("authstream.archive.paused", paused);
    }

    /** One retry of one item, by Elasticsearch's error type: which failure keeps the archive busy. */
    void itemRetry(String errorType) {
        Counter.builder("authstream.archive.item.retries").tag("error_type", errorType)
                .description("Bulk items retried, by error type").register(registry).increment();
    }

    void bulk(Duration d) {
        bulkLatency.record(d);
    }
}
