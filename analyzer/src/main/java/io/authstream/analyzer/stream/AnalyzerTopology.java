package io.authstream.analyzer.stream;

import io.authstream.analyzer.AnalyzerConfig;
import io.authstream.analyzer.business.TenantCounters;
import io.authstream.analyzer.engine.AnalyzerMetrics;
import io.authstream.analyzer.engine.RuleSpec;
import io.authstream.analyzer.engine.SequenceProcessor;
import io.authstream.analyzer.engine.SequenceRule;
import io.authstream.analyzer.engine.Signal;
import io.authstream.analyzer.engine.SignalSerde;
import io.authstream.analyzer.engine.SilenceProcessor;
import io.authstream.analyzer.engine.SilenceRule;
import io.authstream.analyzer.engine.SpikeProcessor;
import io.authstream.analyzer.engine.SpikeRule;
import io.authstream.analyzer.engine.ThresholdProcessor;
import io.authstream.analyzer.engine.ThresholdRule;
import io.authstream.schemas.event.Auth0Event;
import io.authstream.schemas.record.Alert;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/**
 * The analyzer topology.
 *
 * <pre>
 * auth0-log-events ─▶ classify (dedup store, catalogue, detections' signals, per-tenant business counters)
 *                  ─▶ signals repartition (key rule|tenant|stream|group)
 *                  ─▶ one processor per enabled rule (count rules: groups + alerts stores) ─▶ auth0-alerts (key alert id)
 * </pre>
 *
 * Every operator, store and internal topic has a stable name ({@code events-source}, {@code classify},
 * {@code signals}, {@code <rule>-signals}, {@code <rule>}, {@code <rule>-groups} (count rules),
 * {@code <rule>-bucket-counts}/{@code <rule>-baseline} (spike rules), {@code <rule>-alerts},
 * {@code alerts-sink}), so that a new version finds its state again.
 */
public final class AnalyzerTopology {
    private AnalyzerTopology() {
    }

    public static Topology build(AnalyzerConfig cfg, AnalyzerMetrics metrics) {
        return build(cfg, metrics, System::currentTimeMillis);
    }

    /** @param wallClock what "now" is for clamping future-dated events (tests pass the driver's clock) */
    public static Topology build(AnalyzerConfig cfg, AnalyzerMetrics metrics, LongSupplier wallClock) {
        StreamsBuilder b = new StreamsBuilder();
        KStream<String, Auth0Event> events = b.stream(cfg.topics().events().name(),
                Consumed.with(Serdes.String(), EventSerde.serde()).withTimestampExtractor(
                        new EventTimestampExtractor(wallClock, cfg.maxFuture().toMillis(), metrics))
                        .withName("events-source"));
        KStream<String, Signal> signals = events
                .process(ClassifyProcessor.supplier(cfg.catalogue(), cfg.detections(), metrics, cfg.dedupRetention(),
                        cfg.inMemoryState(), new TenantCounters(metrics.registry(), cfg.catalogue(),
                                cfg.tenantMetricsMaxPairs())), Named.as("classify"))
                .repartition(Repartitioned.<String, Signal>as("signals").withKeySerde(Serdes.String())
                        .withValueSerde(SignalSerde.serde()));
        KStream<String, Alert> alerts = null;
        List<RuleSpec> rules = cfg.rules();
        for (RuleSpec r : rules) {
            String id = r.id();
            ProcessorSupplier<String, Signal, String, Alert> p = switch (r) {
                case ThresholdRule t -> ThresholdProcessor.supplier(t, metrics, cfg.punctuation(), cfg.inMemoryState(),
                        cfg.topics().partitions());
                case SpikeRule s -> SpikeProcessor.supplier(s, metrics, cfg.punctuation(), cfg.inMemoryState(),
                        cfg.topics().partitions());
                case SilenceRule s -> SilenceProcessor.supplier(s, metrics, cfg.punctuation(), cfg.inMemoryState());
                case SequenceRule s -> SequenceProcessor.supplier(s, metrics, cfg.punctuation(), cfg.inMemoryState());
            };
            KStream<String, Alert> out = signals.filter((k, v) -> id.equals(v.rule()), Named.as(id + "-signals"))
                    .process(p, Named.as(id));
            alerts = alerts == null ? out : alerts.merge(out, Named.as(id + "-merge"));
        }
        if (alerts != null) {
            alerts.to(cfg.topics().alerts().name(), Produced.with(Serdes.String(), AlertSerde.serde()).withName("alerts-sink"));
        }
        return b.build();
    }
}
