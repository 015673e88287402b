package io.authstream.archive;

import io.authstream.archive.es.ElasticsearchGateway;
import io.authstream.enrich.Enricher;
import io.authstream.schemas.catalogue.EventCatalogue;
import io.authstream.schemas.config.HostName;
import io.authstream.schemas.index.IndexTemplates;
import io.authstream.schemas.topic.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running archive: one consumer thread that polls {@code auth0-log-events} (and
 * {@code auth0-alerts}), builds bulk lines, cuts batches by count, bytes and time, and hands them
 * to {@code concurrency} sender threads; acknowledgements come back to the consumer thread, which
 * alone touches the consumer and commits offsets (only the contiguous acknowledged prefix of each
 * partition, see {@link OffsetTracker}).
 *
 * <p>Back-pressure: while a batch waits for a free sender, or any sender is backing off after a
 * failure, every assigned partition is paused and the thread keeps polling (which returns nothing)
 * so the group membership stays alive however long Elasticsearch is away.
 *
 * <p>Start with {@link #start}; {@link #close()} stops polling, waits up to 30 s for bulks in
 * flight, commits what was acknowledged and leaves the group. What was not acknowledged is read
 * again by whoever owns the partition next; {@code create} by {@code log_id} makes that harmless.
 */
public final class Archiver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Archiver.class);
    private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

    private final ArchiveConfig config;
    private final ElasticsearchGateway es;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final EventDocuments events;
    private final AlertDocuments alerts;
    private final OffsetTracker tracker = new OffsetTracker();
    private final ConcurrentLinkedQueue<Item> acks = new ConcurrentLinkedQueue<>();
    /** Cut batches waiting for a sender; the senders take from it themselves, so a free sender never waits for the poll loop. */
    private final LinkedBlockingQueue<List<Item>> ready = new LinkedBlockingQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final List<Thread> senders = new ArrayList<>();
    private final BulkSender sender;
    private final ArchiveMetrics metrics;
    private final AtomicInteger retrying = new AtomicInteger();
    private final Thread pollThread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final HealthCheck health;
    private final Stalls stalls;
    private volatile boolean running = true;
    private volatile boolean closing;
    private volatile long lastLoopNanos = System.nanoTime();

    private List<Item> current;
    private long currentBytes;
    private long currentStarted;
    private long lastCommitNanos = System.nanoTime();

    private Archiver(ArchiveConfig config, EventCatalogue catalogue, MeterRegistry registry, Clock clock) {
        this.config = config;
        this.metrics = new ArchiveMetrics(registry);
        this.es = new ElasticsearchGateway(config.elasticsearchUrl(), config.username(), config.password(),
                config.apiKey(), config.caFile(), config.requestTimeout());
        this.events = new EventDocuments(catalogue, config.layout(), Enricher.create(config.enrich()));
        this.alerts = new AlertDocuments(config.layout());
        this.consumer = new KafkaConsumer<>(consumerProps(config));
        this.producer = new KafkaProducer<>(producerProps(config));
        for (int i = 1; i <= config.concurrency(); i++) {
            Thread t = new Thread(this::sendLoop, "archive-bulk-" + i);
            t.setDaemon(true);
            senders.add(t);
        }
        this.stalls = new Stalls(clock);
        this.sender = new BulkSender(es, new DeadLetters(producer, config.topics().rejected().name(), clock), metrics,
                new Backoff(Duration.ofMillis(100), config.maxBackoff()), acks::add, () -> closing, retrying, stalls, clock,
                config.itemBudget());
        this.pollThread = new Thread(this::run, "archive-poll");
        this.health = new HealthCheck(es, config.kafka());
    }

    /**
     * Installs the index templates (idempotently), then starts consuming. Blocks until the
     * templates are installed: it retries while Elasticsearch is unreachable, up to {@code startTimeout}.
     *
     * @throws IllegalStateException when Elasticsearch could not be reached in time
     */
    public static Archiver start(ArchiveConfig config, EventCatalogue catalogue, MeterRegistry registry, Clock clock,
                                 Duration startTimeout) {
        Archiver a = new Archiver(config, catalogue, registry, clock);
        try {
            a.installTemplates(startTimeout);
        } catch (RuntimeException e) {
            a.consumer.close(Duration.ZERO);
            a.closeResources();
            throw e;
        }
        a.health.start();
        a.senders.forEach(Thread::start);
        a.pollThread.start();
        LOG.info("Archive started: {} -> {} (group {})", config.topics().events().name(),
                io.authstream.schemas.config.Masking.inValue(String.valueOf(config.elasticsearchUrl())), config.groupId());
        return a;
    }

    /** {@link #start(ArchiveConfig, EventCatalogue, MeterRegistry, Clock, Duration)} with a 2-minute start timeout. */
    public static Archiver start(ArchiveConfig config, EventCatalogue catalogue, MeterRegistry registry) {
        return start(config, catalogue, registry, Clock.systemUTC(), Duration.ofMinutes(2));
    }

    private void installTemplates(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        int attempt = 0;
        Backoff b = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));
        while (true) {
            try {
                es.installTemplates(IndexTemplates.forLayout(config.layout()));
                return;
            } catch (IOException e) {
                if (System.nanoTime() > end) {
                    throw new IllegalStateException("cannot install the index templates on "
                            + io.authstream.schemas.config.Masking.inValue(String.valueOf(config.elasticsearchUrl()))
                            + " within " + timeout.toSeconds() + " s: " + e.getMessage(), e);
                }
                LOG.warn("Elasticsearch not reachable yet ({}), retrying", e.toString());
                try {
                    Thread.sleep(b.delay(attempt++).toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while installing templates", ie);
                }
            }
        }
    }

    /**
     * Consumer settings. Fast recovery: static membership ({@code group.instance.id}, by default
     * {@code archive-<host name>}) lets a restarted archive take its partitions back at once instead
     * of waiting for the old member's session to expire, and a 10 s session (instead of 45 s) bounds
     * the wait when a member dies for good. Two archives of one group on one host therefore need their
     * own {@code kafka.group.instance.id}; an empty value turns static membership off.
     */
    static Map<String, Object> consumerProps(ArchiveConfig c) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, c.groupId());
        p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, HostName.instanceId("archive"));
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 * 1024);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "authstream-archive");
        p.putAll(c.kafka());
        // Not overridable: offsets are committed by the archive, only for what Elasticsearch acknowledged.
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Not overridable: an alert from an aborted analyzer transaction must never become a document.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        if ("".equals(p.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG))) {
            p.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        }
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }

    static Map<String, Object> producerProps(ArchiveConfig c) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "authstream-archive-dlq");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        c.kafka().forEach((k, v) -> {
            if (ProducerConfig.configNames().contains(k)) {
                p.put(k, v);
            }
        });
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    private void run() {
        List<String> topics = new ArrayList<>();
        topics.add(config.topics().events().name());
        if (config.archiveAlerts()) {
            topics.add(config.topics().alerts().name());
        }
        try {
            consumer.subscribe(topics, new Rebalance());
            while (running) {
                lastLoopNanos = System.nanoTime();
                drainAcks();
                maybeCommit(false);
                cutBatchIfDue();
                boolean pressure = !ready.isEmpty() || retrying.get() > 0;
                if (pressure) {
                    consumer.pause(consumer.assignment());
                    metrics.paused.set(1);
                } else if (!consumer.paused().isEmpty()) {
                    consumer.resume(consumer.paused());
                    metrics.paused.set(0);
                }
                ConsumerRecords<String, byte[]> records = consumer.poll(pollTimeout(pressure));
                for (ConsumerRecord<String, byte[]> r : records) {
                    add(r);
                }
                updateLag();
            }
        } catch (WakeupException e) {
            if (running) {
                failure.set(e);
            }
        } catch (Throwable t) {
            failure.set(t);
            LOG.error("The archive consumer failed", t);
        } finally {
            shutdown();
        }
    }

    private Duration pollTimeout(boolean pressure) {
        if (current == null || pressure) {
            return Duration.ofMillis(pressure ? 20 : 100);
        }
        long left = config.flushInterval().toNanos() - (System.nanoTime() - currentStarted);
        return Duration.ofNanos(Math.max(1_000_000, Math.min(left, 100_000_000)));
    }

    private void add(ConsumerRecord<String, byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        OffsetTracker.Pending pending = tracker.received(tp, r.offset());
        String stream = header(r, Topics.HEADER_STREAM);
        String tenant = header(r, Topics.HEADER_TENANT);
        EventDocuments.Result built = r.topic().equals(config.topics().events().name())
                ? events.build(r.value(), stream, tenant, header(r, Topics.HEADER_RECEIVED_AT))
                : alerts.build(r.key(), r.value(), r.timestamp());
        Item item = switch (built) {
            case EventDocuments.Built b -> new Item(pending, b.id(), b.line(), null, r.value(), stream, tenant);
            case EventDocuments.Invalid inv -> new Item(pending, inv.logId() != null ? inv.logId() : r.key(), null, inv,
                    r.value(), stream, tenant);
        };
        int size = item.line() == null ? 0 : item.line().length;
        if (current != null && (current.size() >= config.maxActions() || currentBytes + size > config.maxBytes())) {
            ready.add(current);
            current = null;
        }
        if (current == null) {
            current = new ArrayList<>(Math.min(config.maxActions(), 8192));
            currentBytes = 0;
            currentStarted = System.nanoTime();
        }
        current.add(item);
        currentBytes += size;
    }

    private void cutBatchIfDue() {
        if (current != null && (current.size() >= config.maxActions() || currentBytes >= config.maxBytes()
                || System.nanoTime() - currentStarted >= config.flushInterval().toNanos())) {
            ready.add(current);
            current = null;
        }
    }

    /** A sender thread: takes cut batches and delivers each until every item is acknowledged. */
    private void sendLoop() {
        while (!closing) {
            List<Item> batch;
            try {
                batch = ready.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (batch == null) {
                continue;
            }
            inFlight.incrementAndGet();
            try {
                sender.send(batch);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // Nothing of this batch is acknowledged, so nothing of it is committed: it is read again.
                LOG.error("A bulk batch failed unexpectedly; its records will be read again after a restart", e);
                failure.compareAndSet(null, e);
                running = false;
                consumer.wakeup();
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private void drainAcks() {
        Item it;
        while ((it = acks.poll()) != null) {
            tracker.acknowledged(it.pending());
        }
        metrics.uncommitted.set(tracker.pending());
    }

    private void maybeCommit(boolean sync) {
        if (!sync && System.nanoTime() - lastCommitNanos < COMMIT_INTERVAL.toNanos()) {
            return;
        }
        lastCommitNanos = System.nanoTime();
        Map<TopicPartition, Long> offsets = tracker.toCommit();
        if (offsets.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        offsets.forEach((tp, o) -> commit.put(tp, new OffsetAndMetadata(o)));
        tracker.markCommitted(offsets);
        if (sync) {
            consumer.commitSync(commit);
        } else {
            consumer.commitAsync(commit, (done, error) -> {
                if (error != null) {
                    LOG.warn("Offset commit failed; the next commit carries these offsets: {}", error.toString());
                    tracker.commitFailed(offsets.keySet());
                }
            });
        }
    }

    private long lastLagNanos;

    private void updateLag() {
        if (System.nanoTime() - lastLagNanos < 1_000_000_000L) {
            return;
        }
        lastLagNanos = System.nanoTime();
        long lag = 0;
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong l = consumer.currentLag(tp);
            if (l.isPresent()) {
                lag += l.getAsLong();
            }
        }
        metrics.consumerLag.set(lag + tracker.pending());
    }

    private void shutdown() {
        try {
            if (current != null) {
                ready.add(current);
                current = null;
            }
            long end = System.nanoTime() + SHUTDOWN_WAIT.toNanos();
            while ((!ready.isEmpty() || inFlight.get() > 0) && failure.get() == null && System.nanoTime() < end) {
                drainAcks();
                TimeUnit.MILLISECONDS.sleep(20); // waiting for sender threads during shutdown
            }
            if (!ready.isEmpty() || inFlight.get() > 0) {
                LOG.warn("Bulks still pending after {} s; their records will be read again", SHUTDOWN_WAIT.toSeconds());
            }
            closing = true;
            for (Thread t : senders) {
                t.interrupt();
            }
            for (Thread t : senders) {
                t.join(5000);
            }
            drainAcks();
            maybeCommit(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Final offset commit failed; uncommitted records will be read again: {}", e.toString());
        } finally {
            closing = true;
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("consumer close", e);
            }
            stopped.countDown();
        }
    }

    /** Commits what was acknowledged before a partition goes to another member. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            drainAcks();
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            for (TopicPartition tp : partitions) {
                tracker.committable(tp).ifPresent(o -> commit.put(tp, new OffsetAndMetadata(o)));
            }
            try {
                if (!commit.isEmpty()) {
                    consumer.commitSync(commit);
                }
            } catch (RuntimeException e) {
                LOG.warn("Commit on revocation failed; those records will be read again: {}", e.toString());
            }
            partitions.forEach(tracker::revoked);
            dropFromBatches();
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(tracker::revoked);
            dropFromBatches();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            partitions.forEach(tracker::assigned);
            if (!ready.isEmpty() || retrying.get() > 0) {
                consumer.pause(partitions);
            }
            LOG.info("Archive assigned {}", partitions);
        }
    }

    private void dropFromBatches() {
        if (current != null) {
            current.removeIf(Item::revoked);
        }
        // Batches already cut may be in a sender's hands: the sender skips revoked items itself.
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Liveness and readiness. */
    public Health health() {
        boolean live = failure.get() == null && pollThread.isAlive()
                && System.nanoTime() - lastLoopNanos < Duration.ofMinutes(2).toNanos();
        Duration stuck = stalls.longest();
        boolean stalled = stuck.compareTo(config.notReadyAfter()) > 0;
        if (stalled && !reportedStall) {
            LOG.error("The archive has been unable to deliver for {} s (Elasticsearch or the dead-letter topic keeps"
                    + " refusing); readiness is false until it gets through", stuck.toSeconds());
        }
        reportedStall = stalled;
        return new Health(live, live && health.elasticsearchUp() && health.kafkaUp() && !stalled, health.elasticsearchUp(),
                health.kafkaUp(), retrying.get() > 0, stalled, failure.get() == null ? null : failure.get().toString());
    }

    private volatile boolean reportedStall;

    /**
     * @param live           the consumer loop is running
     * @param ready          live, Elasticsearch and Kafka are reachable, and nothing has been stuck longer
     *                       than {@code archive.retry.not-ready-after}
     * @param backingOff     a bulk is waiting to be retried (Elasticsearch overloaded or away)
     * @param stalled        a bulk or dead letter has kept failing for longer than {@code archive.retry.not-ready-after}
     * @param failure        why the archive stopped, if it did
     */
    public record Health(boolean live, boolean ready, boolean elasticsearch, boolean kafka, boolean backingOff,
                         boolean stalled, String failure) {
    }

    /** Blocks until the archive has stopped (after {@link #close()} or a fatal error). */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public ArchiveConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (stopped.getCount() == 0) {
            closeResources();
            return;
        }
        running = false;
        consumer.wakeup();
        try {
            if (!stopped.await(SHUTDOWN_WAIT.toSeconds() + 15, TimeUnit.SECONDS)) {
                LOG.warn("The archive consumer did not stop in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeResources();
        LOG.info("Archive stopped");
    }

    private void closeResources() {
        health.close();
        closing = true;
        senders.forEach(Thread::interrupt);
        producer.close(Duration.ofSeconds(5));
        try {
            es.close();
        } catch (IOException e) {
            LOG.debug("closing the Elasticsearch client", e);
        }
    }
}
