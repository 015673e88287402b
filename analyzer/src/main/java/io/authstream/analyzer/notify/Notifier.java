package io.authstream.analyzer.notify;

import io.authstream.schemas.record.Alert;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
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
 * committed only below the oldest alert still being delivered, and what was delivered is kept in
 * the {@link DeliveryState} (a compacted topic), restored at start and on every assignment: a
 * restart re-reads what was in flight but sends nothing twice that was recorded as sent, and still
 * sends the resolution of an alert whose firing an earlier process sent.
 *
 * <p>When a destination's queue is full the consumer pauses its partitions (it keeps polling, so it
 * stays in the group) and resumes when there is room: nothing is dropped. Static group membership
 * ({@code notifier.instance-id}) lets a restarted notifier take its partitions back at once.
 *
 * <p>A dead consumer or lane thread makes the notifier {@link Health#FAILED}: it stops consuming
 * and calls the {@link Builder#onFatal} handler, which a command uses to exit non-zero.
 *
 * <pre>{@code
 * try (Notifier n = Notifier.builder(cfg, registry).onFatal(e -> System.exit(70)).start()) { ... }
 * }</pre>
 */
public final class Notifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    /** Life cycle as seen from outside. */
    public enum Health {
        /** Restoring delivery state and joining the group. */
        STARTING,
        /** Consuming and delivering. */
        RUNNING,
        /** Closed. */
        STOPPED,
        /** A consumer or lane thread died: nothing more is delivered; see {@link #failure()}. */
        FAILED
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Dispatcher dispatcher;
    private final DeliveryState state;
    private final StateLog stateLog;
    private final OffsetTracker offsets = new OffsetTracker();
    private final NotifierMetrics metrics;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final String topic;
    private final ArrayDeque<ConsumerRecord<String, byte[]>> waiting = new ArrayDeque<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicBoolean fatalReported = new AtomicBoolean();
    private final Consumer<Throwable> onFatal;
    private volatile Health health = Health.STARTING;
    private volatile boolean running = true;
    private volatile boolean paused;

    private Notifier(NotifierConfig cfg, Builder b, NotifierMetrics metrics) {
        this.metrics = metrics;
        this.onFatal = b.onFatal;
        this.topic = cfg.topics().alerts().name();
        this.stateLog = b.stateLog != null ? b.stateLog
                : new KafkaStateLog(cfg.kafka(), cfg.bootstrapServers(), NotifierTopics.state(cfg.topics()));
        this.state = new DeliveryState(stateLog, cfg.groupId(), b.clock, cfg.coolDown(), cfg.maxAge());
        this.dispatcher = b.dispatcher(metrics, state, () -> dispatcher().deadLane().ifPresent(this::fail));
        Map<String, Object> p = new HashMap<>(cfg.kafka());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cfg.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, cfg.groupId());
        if (!cfg.instanceId().isEmpty()) {
            p.putIfAbsent(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, cfg.instanceId());
        }
        p.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(cfg.sessionTimeout().toMillis()));
        p.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, String.valueOf(Math.max(500,
                cfg.sessionTimeout().toMillis() / 4)));
        p.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, b.startFrom);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "authstream-notifier");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        metrics.gauge("paused", () -> paused ? 1 : 0);
        this.thread = new Thread(this::run, "authstream-notifier");
    }

    private Dispatcher dispatcher() {
        return dispatcher;
    }

    /** Starts with the real destinations, printing console alerts to stdout. */
    public static Notifier start(NotifierConfig cfg, MeterRegistry registry) {
        return builder(cfg, registry).start();
    }

    public static Builder builder(NotifierConfig cfg, MeterRegistry registry) {
        return new Builder(cfg, registry);
    }

    /** Options for tests and embedding: console stream, clock, HTTP client, where a new group starts, fatal handler. */
    public static final class Builder {
        private final NotifierConfig cfg;
        private final MeterRegistry registry;
        private PrintStream console = System.out;
        private Clock clock = Clock.systemUTC();
        private HttpClient http;
        private String startFrom = "earliest";
        private StateLog stateLog;
        private Consumer<Throwable> onFatal = t -> { };

        private Builder(NotifierConfig cfg, MeterRegistry registry) {
            this.cfg = cfg;
            this.registry = registry;
        }

        public Builder console(PrintStream out) {
            this.console = out;
            return this;
        }

        /** The clock of cool-downs, {@code max-age} and delivery-state ages. */
        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        public Builder httpClient(HttpClient c) {
            this.http = c;
            return this;
        }

        /**
         * Where a new consumer group starts: {@code earliest} (default; {@code notifier.max-age} and the
         * delivery state keep old or already-sent alerts from being sent) or {@code latest}.
         */
        public Builder startFrom(String where) {
            this.startFrom = where;
            return this;
        }

        /** Called once, from the failing thread, when the notifier becomes {@link Health#FAILED}. */
        public Builder onFatal(Consumer<Throwable> handler) {
            this.onFatal = handler;
            return this;
        }

        Builder stateLog(StateLog log) {
            this.stateLog = log;
            return this;
        }

        /** The dispatcher alone, without Kafka (for tests of routing and delivery), on an in-memory state unless set. */
        Dispatcher dispatcher(NotifierMetrics metrics) {
            StateLog log = stateLog != null ? stateLog : new StateLog.Memory();
            DeliveryState s = new DeliveryState(log, cfg.groupId(), clock, cfg.coolDown(), cfg.maxAge());
            s.catchUp();
            return dispatcher(metrics, s, () -> { });
        }

        Dispatcher dispatcher(NotifierMetrics metrics, DeliveryState state, Runnable onLaneDeath) {
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
            return new Dispatcher(cfg, ds, metrics, state, clock, ThreadLocalRandom.current(), onLaneDeath);
        }

        public Notifier start() {
            NotifierMetrics metrics = new NotifierMetrics(registry);
            LOG.info("Starting notifier: {}", cfg);
            Notifier n = new Notifier(cfg, this, metrics);
            n.thread.start();
            return n;
        }
    }

    private void run() {
        try {
            state.catchUp();
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    commit();
                    offsets.revoked(partitions);
                    waiting.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    // what another member delivered for these partitions before they came here
                    state.catchUp();
                    if (!waiting.isEmpty()) {
                        consumer.pause(partitions);
                    }
                }
            });
            health = Health.RUNNING;
            long lastCommit = System.nanoTime();
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    waiting.add(r);
                }
                drain();
                if (System.nanoTime() - lastCommit > 500_000_000L) {
                    commit();
                    lastCommit = System.nanoTime();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            fail(e);
        } finally {
            try {
                dispatcher.close();
                commit();
            } finally {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
                stateLog.close();
                if (health != Health.FAILED) {
                    health = Health.STOPPED;
                }
                stopped.countDown();
            }
        }
    }

    /** Hands waiting records to the lanes while they have room; pauses the partitions while they do not. */
    private void drain() {
        while (!waiting.isEmpty()) {
            ConsumerRecord<String, byte[]> r = waiting.peekFirst();
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            Alert a;
            try {
                a = Alert.fromJson(r.value());
            } catch (IllegalArgumentException e) {
                metrics.inc("invalid");
                LOG.error("Skipping an unreadable record at {}@{}: {}", tp, r.offset(), Text.clean(e.getMessage()));
                offsets.read(tp, r.offset(), 0);
                waiting.pollFirst();
                continue;
            }
            List<Dispatcher.Delivery> plan = dispatcher.plan(a);
            if (!dispatcher.hasRoom(plan)) {
                if (!paused) {
                    LOG.warn("A destination's queue is full: pausing consumption until it has room (nothing is dropped)");
                    consumer.pause(consumer.assignment());
                    paused = true;
                }
                return;
            }
            waiting.pollFirst();
            offsets.read(tp, r.offset(), plan.size());
            dispatcher.deliver(plan, () -> offsets.done(tp, r.offset()));
        }
        if (paused) {
            consumer.resume(consumer.paused());
            paused = false;
            LOG.info("Resumed consumption");
        }
    }

    private void fail(Throwable e) {
        failure.compareAndSet(null, e);
        health = Health.FAILED;
        running = false;
        if (fatalReported.compareAndSet(false, true)) {
            LOG.error("Notifier failed: alerts are no longer delivered", e);
            consumer.wakeup();
            try {
                onFatal.accept(e);
            } catch (RuntimeException x) {
                LOG.error("The notifier's fatal handler failed", x);
            }
        }
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

    public Health health() {
        return health;
    }

    /** Why the notifier failed, if it did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** False once the notifier has stopped or failed (a dead consuming or lane thread); the command then exits. */
    public boolean isRunning() {
        Health h = health;
        return h == Health.STARTING || h == Health.RUNNING;
    }

    /** Stops consuming, lets attempts in progress finish (up to 5 s), commits what was delivered. */
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
