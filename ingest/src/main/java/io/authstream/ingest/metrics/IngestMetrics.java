package io.authstream.ingest.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The meters of ingest. Stream tags take only configured stream ids (anything else is
 * {@code unknown}), so a scanner cannot blow up the number of series. Client errors are counted
 * here and nowhere else: they never touch health.
 */
public final class IngestMetrics {
    public static final String UNKNOWN_STREAM = "unknown";
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    private final Set<String> streams;
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();
    private final Map<String, Counter> events = new ConcurrentHashMap<>();
    private final Map<String, Counter> authFailures = new ConcurrentHashMap<>();
    private final Map<String, Counter> tokensUsed = new ConcurrentHashMap<>();
    private final Map<String, DistributionSummary> batchSizes = new ConcurrentHashMap<>();
    private final Map<String, Timer> latencies = new ConcurrentHashMap<>();
    private final Timer produceLatency;

    public IngestMetrics(MeterRegistry registry, Set<String> streams) {
        this.registry = registry;
        this.streams = Set.copyOf(streams);
        this.produceLatency = Timer.builder("authstream.ingest.kafka.produce")
                .description("Time from the first send of a request to the last Kafka acknowledgement")
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The stream tag for a path segment: the id when configured, else {@value #UNKNOWN_STREAM}. */
    public String streamTag(String stream) {
        return stream != null && streams.contains(stream) ? stream : UNKNOWN_STREAM;
    }

    /** One answered request. */
    public void request(String stream, int status, long nanos) {
        String tag = streamTag(stream);
        requests.computeIfAbsent(tag + '|' + status, k -> Counter.builder("authstream.ingest.requests")
                .description("Requests answered, by status").tag("stream", tag).tag("status", String.valueOf(status))
                .register(registry)).increment();
        latencies.computeIfAbsent(tag, k -> Timer.builder("authstream.ingest.request.duration")
                .description("Time from request arrival to the response").tag("stream", tag)
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry)).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /**
     * One refused authentication: {@code authstream.ingest.auth.failures{stream, reason}}, reason one of
     * unknown-stream, missing, blank, wrong-token, address, throttled (never a token).
     */
    public void authFailure(String stream, String reason) {
        String tag = streamTag(stream);
        authFailures.computeIfAbsent(tag + '|' + reason, k -> Counter.builder("authstream.ingest.auth.failures")
                .description("Refused authentications, by stream and reason").tag("stream", tag).tag("reason", reason)
                .register(registry)).increment();
    }

    /**
     * One authenticated request: {@code authstream.ingest.auth.accepted{stream, token}}, token the
     * 1-based position in the stream's {@code tokens} list (never the value), so after a rotation the
     * old token's counter shows when nothing uses it any more.
     */
    public void tokenUsed(String stream, int token) {
        String t = String.valueOf(token);
        tokensUsed.computeIfAbsent(stream + '|' + t, k -> Counter.builder("authstream.ingest.auth.accepted")
                .description("Authenticated requests, by stream and token position").tag("stream", stream).tag("token", t)
                .register(registry)).increment();
    }

    /** Events of one request by outcome. */
    public void events(String stream, int accepted, int duplicates, int rejected) {
        String tag = streamTag(stream);
        count(tag, "accepted", accepted);
        count(tag, "duplicate", duplicates);
        count(tag, "rejected", rejected);
        batchSizes.computeIfAbsent(tag, k -> DistributionSummary.builder("authstream.ingest.batch.events")
                .description("Events per request").tag("stream", tag)
                .serviceLevelObjectives(1, 10, 50, 100, 250, 500, 1000, 5000, 10000, 50000).register(registry))
                .record(accepted + duplicates + rejected);
    }

    private void count(String tag, String outcome, int n) {
        if (n > 0) {
            events.computeIfAbsent(tag + '|' + outcome, k -> Counter.builder("authstream.ingest.events")
                    .description("Events by outcome: accepted (produced), duplicate (not produced again), rejected (dead letter)")
                    .tag("stream", tag).tag("outcome", outcome).register(registry)).increment(n);
        }
    }

    public void produced(long nanos) {
        produceLatency.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** Gauges read on scrape; the suppliers are held strongly (Micrometer's default weak reference would lose lambdas). */
    public void gauges(LongSupplier inFlightRequests, LongSupplier inFlightBytes, LongSupplier dedupEntries, BooleanSupplier kafkaReady) {
        Gauge.builder("authstream.ingest.in.flight.requests", inFlightRequests, LongSupplier::getAsLong)
                .description("Requests being read, produced or answered").strongReference(true).register(registry);
        Gauge.builder("authstream.ingest.in.flight.bytes", inFlightBytes, LongSupplier::getAsLong)
                .description("Body bytes held by requests in flight").baseUnit("bytes").strongReference(true).register(registry);
        Gauge.builder("authstream.ingest.dedup.entries", dedupEntries, LongSupplier::getAsLong)
                .description("log_ids remembered for redelivery detection").strongReference(true).register(registry);
        Gauge.builder("authstream.ingest.kafka.ready", kafkaReady, s -> s.getAsBoolean() ? 1 : 0)
                .description("1 when both topics are writable").strongReference(true).register(registry);
    }
}
