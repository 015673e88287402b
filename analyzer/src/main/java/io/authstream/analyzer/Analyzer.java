package io.authstream.analyzer;

import io.authstream.analyzer.engine.AnalyzerMetrics;
import io.authstream.analyzer.stream.AnalyzerTopology;
import io.authstream.analyzer.stream.DeadLetters;
import io.authstream.schemas.config.HostName;
import io.micrometer.core.instrument.MeterRegistry;
import io.authstream.schemas.topic.TopicDescriptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
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
 * replaces the thread with a backoff, and too many failures shut the application down
 * ({@link ThreadSupervisor}); {@link #failed()} then completes, and the process should exit
 * non-zero. {@link #close()} waits up to 30 s for a clean shutdown.
 *
 * <p>Fast recovery: static group membership ({@code group.instance.id}, by default
 * {@code analyzer-<host name>}, Streams appends the thread index) lets a restarted analyzer take
 * its tasks back at once, and a 10 s session (instead of 45 s) bounds the wait for a member that
 * died for good. Two analyzers of one application on one host need their own
 * {@code kafka.group.instance.id}; an empty value turns static membership off.
 */
public final class Analyzer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Analyzer.class);
    private final KafkaStreams streams;
    private final AnalyzerMetrics metrics;
    private final CompletableFuture<KafkaStreams.State> failed = new CompletableFuture<>();
    private volatile boolean runningOnce;

    private Analyzer(KafkaStreams streams, AnalyzerMetrics metrics) {
        this.streams = streams;
        this.metrics = metrics;
    }

    /** Builds and starts the topology; returns at once (the state becomes RUNNING shortly after). */
    public static Analyzer start(AnalyzerConfig cfg, MeterRegistry registry) {
        if (cfg.createTopics()) {
            ensureTopics(cfg);
        }
        AnalyzerMetrics metrics = new AnalyzerMetrics(registry);
        Topology topology = AnalyzerTopology.build(cfg, metrics);
        KafkaStreams streams = new KafkaStreams(topology, properties(cfg, metrics));
        streams.setUncaughtExceptionHandler(ThreadSupervisor.defaults());
        Analyzer analyzer = new Analyzer(streams, metrics);
        String events = cfg.topics().events().name();
        io.micrometer.core.instrument.Gauge.builder("authstream.analyzer.consumer.lag", streams,
                        s -> ConsumerLag.of(s.metrics(), events))
                .description("Records of the events topic this analyzer has yet to read").register(registry);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                analyzer.runningOnce = true;
            }
            if (now == KafkaStreams.State.ERROR) {
                LOG.error("The analyzer stopped for good (Kafka Streams state ERROR)");
                analyzer.failed.complete(now);
            }
        });
        LOG.info("Starting analyzer: {}", cfg);
        streams.start();
        return analyzer;
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
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetters.class.getName());
        // opt in now to what Kafka 5.0 makes the default (the constant is already deprecated for that reason)
        p.put("processing.exception.handler.global.enabled", "true");
        p.put(DeadLetters.REJECTED_TOPIC, cfg.topics().rejected().name());
        p.put(DeadLetters.METRICS, metrics);
        p.putIfAbsent(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        p.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "5");
        // fast recovery, see the class comment
        p.putIfAbsent(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, HostName.instanceId("analyzer"));
        if ("".equals(p.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG))) {
            p.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        }
        p.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        p.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "2000");
        return p;
    }

    /**
     * Creates the events, rejected and alerts topics if they are missing (broker-default replication),
     * so the analyzer can start first; existing topics are left as they are.
     */
    static void ensureTopics(AnalyzerConfig cfg) {
        Map<String, Object> props = new HashMap<>(cfg.kafka());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cfg.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (TopicDescriptor t : cfg.topics().all()) {
                if (!existing.contains(t.name())) {
                    missing.add(new NewTopic(t.name(), Optional.of(t.partitions()), Optional.empty()).configs(t.configs()));
                }
            }
            if (!missing.isEmpty()) {
                LOG.info("Creating topics {}", missing.stream().map(NewTopic::name).toList());
                try {
                    admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot check or create the analyzer's topics at " + cfg.bootstrapServers()
                    + ": " + (e.getCause() == null ? e : e.getCause()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /**
     * Completes with {@code ERROR} when the analyzer has stopped for good (too many stream-thread
     * failures, or a fatal Streams error); it never completes on a normal {@link #close()}. The
     * command running the analyzer should then exit non-zero so that its supervisor restarts it.
     */
    public CompletableFuture<KafkaStreams.State> failed() {
        return failed;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Whether Kafka Streams has reached RUNNING at least once (the analyzer has finished starting). */
    public boolean hasBeenRunning() {
        return runningOnce;
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
