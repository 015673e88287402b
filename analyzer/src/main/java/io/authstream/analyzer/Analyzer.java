package io.authstream.analyzer;

import io.authstream.analyzer.engine.AnalyzerMetrics;
import io.authstream.analyzer.stream.AnalyzerTopology;
import io.authstream.analyzer.stream.DeadLetters;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running analyzer: a Kafka Streams application with {@code exactly_once_v2}.
 *
 * <pre>{@code
 * try (Analyzer a = Analyzer.start(AnalyzerConfig.from(config), meterRegistry)) { ... }
 * }</pre>
 *
 * Bad records never stop it (see {@link DeadLetters}); an unexpected failure of a stream thread
 * replaces the thread. {@link #close()} waits up to 30 s for a clean shutdown.
 */
public final class Analyzer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Analyzer.class);
    private final KafkaStreams streams;
    private final AnalyzerMetrics metrics;

    private Analyzer(KafkaStreams streams, AnalyzerMetrics metrics) {
        this.streams = streams;
        this.metrics = metrics;
    }

    /** Builds and starts the topology; returns at once (the state becomes RUNNING shortly after). */
    public static Analyzer start(AnalyzerConfig cfg, MeterRegistry registry) {
        AnalyzerMetrics metrics = new AnalyzerMetrics(registry);
        Topology topology = AnalyzerTopology.build(cfg, metrics);
        KafkaStreams streams = new KafkaStreams(topology, properties(cfg, metrics));
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("Analyzer stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        LOG.info("Starting analyzer: {}", cfg);
        streams.start();
        return new Analyzer(streams, metrics);
    }

    /** Kafka Streams properties: {@code kafka.*} pass-through first, then what the analyzer relies on. */
    public static Properties properties(AnalyzerConfig cfg, AnalyzerMetrics metrics) {
        Properties p = new Properties();
        p.putAll(cfg.kafka());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, cfg.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, cfg.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(cfg.commitInterval().toMillis()));
        if (cfg.stateDir() != null) {
            p.put(StreamsConfig.STATE_DIR_CONFIG, cfg.stateDir().toString());
        }
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetters.class.getName());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetters.class.getName());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        p.put(DeadLetters.REJECTED_TOPIC, cfg.topics().rejected().name());
        p.put(DeadLetters.METRICS, metrics);
        p.putIfAbsent(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        p.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "5");
        return p;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public boolean isRunning() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    public AnalyzerMetrics metrics() {
        return metrics;
    }

    /** The underlying Kafka Streams instance (metrics, store queries). */
    public KafkaStreams streams() {
        return streams;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
