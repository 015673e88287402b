package io.authstream.analyzer.stream;

import io.authstream.analyzer.business.TenantCounters;
import io.authstream.analyzer.detection.Detection;
import io.authstream.analyzer.detection.StreamSilence;
import io.authstream.analyzer.engine.AnalyzerMetrics;
import io.authstream.analyzer.engine.ClassifiedEvent;
import io.authstream.analyzer.engine.Signal;
import io.authstream.schemas.catalogue.EventCatalogue;
import io.authstream.schemas.catalogue.EventCode;
import io.authstream.schemas.event.Auth0Event;
import io.authstream.schemas.event.EnvelopeParser;
import io.authstream.schemas.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * First stage, on the events topic's own partitioning (key {@code log_id}): drops duplicates,
 * classifies with the catalogue, and turns each event into the signals of the enabled detections.
 *
 * <p>Dedup: store {@value #DEDUP_STORE}, a window store keyed by {@code log_id} at the event's
 * time, retained {@code analyzer.dedup.retention} of stream time. Only events that count toward
 * some threshold are remembered (a few percent of real traffic); a duplicated success or block
 * adds evidence that is already there, and the success count in an alert's details may then be high. A redelivered event has the same
 * key (so the same partition) and the same {@code data.date}, so one exact lookup finds it. Events
 * older than the retention are not remembered, but they are beyond every counting window's grace,
 * so the second stage drops them as late anyway.
 *
 * <p>Every event also feeds the per-tenant business counters ({@link TenantCounters}), duplicates
 * included only if they come from Auth0 twice (ingest drops most) — a Streams replay is skipped.
 *
 * <p>Heartbeats for stream silence are throttled here, per task and stream, to one per
 * {@code heartbeat} interval (in memory: after a restart one extra heartbeat is harmless).
 */
public final class ClassifyProcessor implements Processor<String, Auth0Event, String, Signal> {
    public static final String DEDUP_STORE = "dedup";
    private static final byte[] SEEN = {1};
    private final EventCatalogue catalogue;
    private final List<Detection> detections;
    private final AnalyzerMetrics metrics;
    private final TenantCounters tenantCounters;
    private final StreamSilence silence;
    private final long heartbeatMs;
    private final Map<String, Long> lastHeartbeat = new HashMap<>();
    private ProcessorContext<String, Signal> ctx;
    private WindowStore<String, byte[]> dedup;
    private Cancellable seeding;
    private long currentTs;

    ClassifyProcessor(EventCatalogue catalogue, List<Detection> detections, AnalyzerMetrics metrics,
                      TenantCounters tenantCounters) {
        this.catalogue = catalogue;
        this.tenantCounters = tenantCounters;
        this.detections = detections.stream().filter(Detection::enabled).toList();
        this.metrics = metrics;
        this.silence = this.detections.stream().filter(d -> d instanceof StreamSilence).map(d -> (StreamSilence) d)
                .findFirst().orElse(null);
        this.heartbeatMs = silence == null ? Long.MAX_VALUE : silence.rule().heartbeat().toMillis();
    }

    public static ProcessorSupplier<String, Auth0Event, String, Signal> supplier(EventCatalogue catalogue,
                                                                                 List<Detection> detections,
                                                                                 AnalyzerMetrics metrics,
                                                                                 Duration dedupRetention, boolean inMemory,
                                                                                 TenantCounters tenantCounters) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, Auth0Event, String, Signal> get() {
                return new ClassifyProcessor(catalogue, detections, metrics, tenantCounters);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                Duration size = Duration.ofMillis(1);
                return Set.of(Stores.windowStoreBuilder(inMemory
                                ? Stores.inMemoryWindowStore(DEDUP_STORE, dedupRetention, size, false)
                                : Stores.persistentWindowStore(DEDUP_STORE, dedupRetention, size, false),
                        Serdes.String(), Serdes.ByteArray()).withCachingDisabled());
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, Signal> context) {
        this.ctx = context;
        this.dedup = context.getStateStore(DEDUP_STORE);
        if (silence != null && !silence.rule().streams().isEmpty() && context.taskId().partition() == 0) {
            // configured streams are watched from start-up, before their first event; once per start is enough
            seeding = context.schedule(Duration.ofMillis(1), PunctuationType.WALL_CLOCK_TIME, t -> {
                for (Signal s : silence.seeds(ctx.currentSystemTimeMs())) {
                    ctx.forward(new Record<>(s.key(), s, Math.max(0, ctx.currentStreamTimeMs())));
                }
                seeding.cancel();
            });
        }
    }

    @Override
    public void process(Record<String, Auth0Event> record) {
        Auth0Event e = record.value();
        if (e == null) {
            metrics.rejected("null-value");
            return;
        }
        long ts = record.timestamp();
        currentTs = ts;
        Headers h = record.headers();
        String tenant = DeadLetters.header(h, Topics.HEADER_TENANT);
        String stream = DeadLetters.header(h, Topics.HEADER_STREAM);
        long receivedAt = receivedAt(DeadLetters.header(h, Topics.HEADER_RECEIVED_AT));
        EventCode code = catalogue.lookup(e.type());
        if (!code.known()) {
            metrics.unknownCode();
        }
        ClassifiedEvent ce = new ClassifiedEvent(e, code, tenant, stream, receivedAt, ts);
        countForTenant(ce);
        if (silence != null) {
            silence.signals(ce, this::heartbeat);
        }
        List<Signal> signals = new ArrayList<>(4);
        Consumer<Signal> collect = signals::add;
        for (Detection d : detections) {
            if (d != silence) {
                d.signals(ce, collect);
            }
        }
        if (signals.isEmpty()) {
            return;
        }
        if (signals.stream().anyMatch(s -> s.kind() == Signal.Kind.COUNT)) {
            // only events that count toward a threshold need dedup: a duplicated success or block is
            // evidence that is already there; this keeps the store to a few percent of the traffic
            if (dedup.fetch(e.logId(), ts) != null) {
                metrics.duplicate();
                return;
            }
            dedup.put(e.logId(), SEEN, ts);
        }
        long sourceTime = ctx.currentStreamTimeMs();
        for (Signal s : signals) {
            ctx.forward(new Record<>(s.key(), s.withSource(ctx.taskId().partition(), sourceTime), ts));
        }
    }

    /** Business counters, before dedup: they skip a replayed offset themselves (see {@link TenantCounters}). */
    private void countForTenant(ClassifiedEvent ce) {
        var meta = ctx.recordMetadata();
        tenantCounters.count(meta.map(m -> m.topic()).orElse(""), meta.map(m -> m.partition()).orElse(-1),
                meta.map(m -> m.offset()).orElse(-1L), ce.type(), ce.tenant(), ce.clientId());
    }

    private void heartbeat(Signal s) {
        long wall = ctx.currentSystemTimeMs();
        String key = s.key();
        Long last = lastHeartbeat.get(key);
        if (last != null && wall - last < heartbeatMs) {
            return;
        }
        lastHeartbeat.put(key, wall);
        Signal beat = s.time() >= 0 ? s : new Signal(s.rule(), s.tenant(), s.stream(), s.group(), s.kind(), s.logId(),
                wall, null, null, Map.of());
        // the record keeps event time, so heartbeats never move the second stage's stream time past the data
        ctx.forward(new Record<>(key, beat, currentTs));
    }

    private static long receivedAt(String header) {
        if (header == null) {
            return -1;
        }
        Instant t = EnvelopeParser.parseDate(header);
        return t == null ? -1 : t.toEpochMilli();
    }
}
