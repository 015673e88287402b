package io.authstream.pull;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@link LogPuller} wired to the real Management API, Kafka producer and checkpoint topic, on
 * its own thread. {@link #close()} stops it within a page and releases the clients.
 */
public final class PullService implements AutoCloseable {
    private final LogPuller puller;
    private final EventSink sink;
    private final CheckpointStore checkpoints;
    private final Thread thread;
    private volatile Throwable failure;

    private PullService(LogPuller puller, EventSink sink, CheckpointStore checkpoints) {
        this.puller = puller;
        this.sink = sink;
        this.checkpoints = checkpoints;
        this.thread = new Thread(this::runPuller, "authstream-pull");
    }

    /** The live puller and its clients, not started. */
    public static PullService create(PullConfig config) {
        return create(config, false);
    }

    /**
     * The puller and its clients, not started. A backfill keeps its checkpoint under
     * {@code <tenant>#backfill}, so it never moves the live puller's checkpoint back or forth.
     */
    public static PullService create(PullConfig config, boolean backfill) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(config.requestTimeout()).build();
        Clock clock = Clock.systemUTC();
        LogsApi api = new LogsApi(http, new TokenSource(http, config, clock), config);
        PullTopics.ensure(config.kafka(), java.util.List.of(config.topics().events(), config.topics().rejected()));
        CheckpointStore kafkaStore = new KafkaCheckpointStore(config.kafka(), config.topics().prefix());
        CheckpointStore store = backfill ? new SuffixedCheckpoints(kafkaStore, "#backfill") : kafkaStore;
        EventSink sink = new KafkaEventSink(config.kafka(), "authstream-pull-" + config.tenant());
        return new PullService(new LogPuller(config, api, sink, store, clock, Sleeper.SYSTEM, ThreadLocalRandom.current()), sink, store);
    }

    /** Creates and runs the puller until {@link #close()}. */
    public static PullService start(PullConfig config) {
        PullService s = create(config);
        s.thread.start();
        return s;
    }

    private void runPuller() {
        try {
            puller.run();
        } catch (RuntimeException e) {
            failure = e;
            org.slf4j.LoggerFactory.getLogger(PullService.class).error("The puller stopped: {}", e.getMessage());
        }
    }

    public LogPuller puller() {
        return puller;
    }

    /** Why the puller stopped on its own (a fatal error), or null. */
    public Throwable failure() {
        return failure;
    }

    public boolean running() {
        return thread.isAlive();
    }

    @Override
    public void close() {
        puller.close();
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sink.close();
        checkpoints.close();
    }
}
