package io.authstream.analyzer.notify;

import com.github.benmanes.caffeine.cache.Ticker;
import io.authstream.schemas.record.Alert;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier: its own consumer group on {@code auth0-alerts} (read-committed, so only alerts of
 * committed analyzer transactions), handing each alert to the {@link Dispatcher}. Offsets are
 * committed only below the oldest alert still being delivered (at-least-once delivery; PagerDuty
 * deduplicates by {@code dedup_key}, the webhook gets an {@code Idempotency-Key}).
 *
 * <pre>{@code
 * try (Notifier n = Notifier.start(NotifierConfig.from(config), registry)) { ... }
 * }</pre>
 */
public final class Notifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    private final KafkaConsumer<String, byte[]> consumer;
    private final Dispatcher dispatcher;
    private final OffsetTracker offsets = new OffsetTracker();
    private final NotifierMetrics metrics;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final String topic;
    private volatile boolean running = true;

    private Notifier(NotifierConfig cfg, Dispatcher dispatcher, NotifierMetrics metrics, String startFrom) {
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.topic = cfg.topics().alerts().name();
        Map<String, Object> p = new HashMap<>(cfg.kafka());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cfg.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, cfg.groupId());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, startFrom);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "authstream-notifier");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "authstream-notifier");
    }

    /** Starts with the real destinations, printing console alerts to stdout. */
    public static Notifier start(NotifierConfig cfg, MeterRegistry registry) {
        return builder(cfg, registry).start();
    }

    public static Builder builder(NotifierConfig cfg, MeterRegistry registry) {
        return new Builder(cfg, registry);
    }

    /** Options for tests and embedding: console stream, cool-down ticker, HTTP client, where a new group starts. */
    public static final class Builder {
        private final NotifierConfig cfg;
        private final MeterRegistry registry;
        private PrintStream console = System.out;
        private Ticker ticker = Ticker.systemTicker();
        private HttpClient http;
        private String startFrom = "latest";

        private Builder(NotifierConfig cfg, MeterRegistry registry) {
            this.cfg = cfg;
            this.registry = registry;
        }

        public Builder console(PrintStream out) {
            this.console = out;
            return this;
        }

        public Builder ticker(Ticker t) {
            this.ticker = t;
            return this;
        }

        public Builder httpClient(HttpClient c) {
            this.http = c;
            return this;
        }

        /** {@code latest} (default: a new notifier does not replay old alerts) or {@code earliest}. */
        public Builder startFrom(String where) {
            this.startFrom = where;
            return this;
        }

        /** The dispatcher alone, without Kafka (for tests of routing and delivery). */
        Dispatcher dispatcher(NotifierMetrics metrics) {
            HttpClient client = http != null ? http : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            List<Destination> ds = new ArrayList<>();
            for (DestinationConfig d : cfg.destinations()) {
                ds.add(switch (d.type()) {
                    case SLACK -> new SlackDestination(d, client);
                    case PAGERDUTY -> new PagerDutyDestination(d, client);
                    case WEBHOOK -> new WebhookDestination(d, client);
                    case CONSOLE -> new ConsoleDestination(d, console);
                });
            }
            return new Dispatcher(cfg, ds, metrics, ticker, ThreadLocalRandom.current());
        }

        public Notifier start() {
            NotifierMetrics metrics = new NotifierMetrics(registry);
            Notifier n = new Notifier(cfg, dispatcher(metrics), metrics, startFrom);
            LOG.info("Starting notifier: {}", cfg);
            n.thread.start();
            return n;
        }
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    commit();
                    offsets.revoked(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    // nothing to restore: the committed offsets are where to start
                }
            });
            long lastCommit = System.nanoTime();
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    handle(r);
                }
                if (System.nanoTime() - lastCommit > 500_000_000L) {
                    commit();
                    lastCommit = System.nanoTime();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("Notifier consumer failed", e);
        } finally {
            try {
                dispatcher.close();
                commit();
            } finally {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
                stopped.countDown();
            }
        }
    }

    private void handle(ConsumerRecord<String, byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        Alert a;
        try {
            a = Alert.fromJson(r.value());
        } catch (IllegalArgumentException e) {
            metrics.inc("invalid");
            LOG.error("Skipping an unreadable record at {}@{}: {}", tp, r.offset(), e.getMessage());
            offsets.read(tp, r.offset(), 0);
            return;
        }
        List<Dispatcher.Delivery> plan = dispatcher.plan(a);
        offsets.read(tp, r.offset(), plan.size());
        dispatcher.deliver(plan, () -> offsets.done(tp, r.offset()));
    }

    private void commit() {
        Map<TopicPartition, OffsetAndMetadata> c = offsets.committable();
        if (c.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(c);
            offsets.committed(c);
        } catch (RuntimeException e) {
            LOG.warn("Committing notifier offsets failed (will retry): {}", e.toString());
        }
    }

    public NotifierMetrics metrics() {
        return metrics;
    }

    /** False once the consuming thread has ended: after {@link #close()}, or because it failed (logged). */
    public boolean isRunning() {
        return thread.isAlive();
    }

    /** Stops consuming, waits up to 5 s for deliveries in flight, commits what was delivered. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
