package io.authstream.ingest.kafka;

import io.authstream.ingest.IngestConfig;
import io.authstream.schemas.topic.TopicDescriptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether ingest can produce right now: both of its topics exist and every partition has a leader.
 * Probed every {@code ingest.kafka.probe-interval} with an Admin client, and at once after a
 * produce failure. Creates missing topics (partitions and configs from {@code Topics}, the broker's
 * replication factor) when {@code ingest.topics.create} is on. While not ready, the webhook answers
 * 503 at once instead of letting requests wait for a timeout.
 */
public final class KafkaReadiness implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaReadiness.class);

    private final Admin admin;
    private final List<TopicDescriptor> topics;
    private final boolean createTopics;
    private final Duration interval;
    private final int timeoutMs;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean probePending = new AtomicBoolean();
    private volatile boolean ready;
    private volatile String problem = "Kafka not checked yet";

    public KafkaReadiness(IngestConfig.Kafka config, String clientId) {
        Map<String, Object> props = new HashMap<>();
        config.clientProperties().forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                props.put(k, v);
            }
        });
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        this.interval = config.probeInterval();
        this.timeoutMs = (int) Math.max(1000, Math.min(interval.toMillis() * 2, 10_000));
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMs));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMs));
        this.admin = Admin.create(props);
        this.topics = List.of(config.topics().events(), config.topics().rejected());
        this.createTopics = config.createTopics();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ingest-kafka-probe");
            t.setDaemon(true);
            return t;
        });
    }

    /** Probes in the background at once (creating topics if needed), then every interval; never blocks the caller. */
    public void start() {
        scheduler.scheduleWithFixedDelay(this::probe, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isReady() {
        return ready;
    }

    /** Why the last probe failed, or null when ready. */
    public String problem() {
        return ready ? null : problem;
    }

    /** Schedules a probe soon (coalesced), e.g. after a produce failure. */
    public void probeSoon() {
        if (probePending.compareAndSet(false, true)) {
            scheduler.execute(() -> {
                probePending.set(false);
                probe();
            });
        }
    }

    private void probe() {
        try {
            Optional<String> missing = check();
            if (missing.isPresent() && createTopics) {
                create();
                missing = check();
            }
            update(missing.isEmpty(), missing.orElse(null));
        } catch (Exception e) {
            update(false, "Kafka is unreachable: " + rootMessage(e));
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Empty when all topics are there with leaders; else what is missing. */
    private Optional<String> check() throws InterruptedException, ExecutionException, TimeoutException {
        List<String> names = topics.stream().map(TopicDescriptor::name).toList();
        Map<String, TopicDescription> described;
        try {
            described = admin.describeTopics(names, new DescribeTopicsOptions().timeoutMs(timeoutMs))
                    .allTopicNames().get(timeoutMs + 1000L, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.of("a topic of " + names + " does not exist");
            }
            throw e;
        }
        for (TopicDescription d : described.values()) {
            for (TopicPartitionInfo p : d.partitions()) {
                if (p.leader() == null || p.leader().isEmpty()) {
                    return Optional.of("partition " + d.name() + "-" + p.partition() + " has no leader");
                }
            }
        }
        return Optional.empty();
    }

    private void create() throws InterruptedException, TimeoutException, ExecutionException {
        List<NewTopic> wanted = new ArrayList<>();
        for (TopicDescriptor t : topics) {
            wanted.add(new NewTopic(t.name(), Optional.of(t.partitions()), Optional.empty()).configs(t.configs()));
        }
        var result = admin.createTopics(wanted, new CreateTopicsOptions().timeoutMs(timeoutMs));
        for (var e : result.values().entrySet()) {
            try {
                e.getValue().get(timeoutMs + 1000L, TimeUnit.MILLISECONDS);
                LOG.info("Created topic {}", e.getKey());
            } catch (ExecutionException ex) {
                if (!(ex.getCause() instanceof TopicExistsException)) {
                    throw ex;
                }
            }
        }
    }

    private void update(boolean nowReady, String why) {
        boolean was = ready;
        problem = why;
        ready = nowReady;
        if (was != nowReady) {
            if (nowReady) {
                LOG.info("Kafka is ready: topics {} are writable", topics.stream().map(TopicDescriptor::name).toList());
            } else {
                LOG.warn("Kafka is not ready, answering 503 until it is: {}", why);
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        ready = false;
        problem = "stopped";
        admin.close(Duration.ofSeconds(5));
    }
}
