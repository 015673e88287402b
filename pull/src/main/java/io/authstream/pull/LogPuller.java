package io.authstream.pull;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls one tenant's logs page by page: fetch (at most {@code pull.max-rate} requests a second),
 * produce every event and wait for Kafka's acknowledgements, only then store the page's last
 * {@code log_id} as the checkpoint, then follow {@code Link rel="next"}. A crash between produce
 * and checkpoint re-pulls that page: duplicates, never gaps (every consumer dedups by {@code log_id}).
 * Not thread-safe: one thread calls {@link #step} or {@link #run}.
 */
public final class LogPuller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogPuller.class);
    private final PullConfig config;
    private final LogsApi api;
    private final PullRecords records;
    private final EventSink sink;
    private final CheckpointStore checkpoints;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Backoff backoff;
    private final Duration minGap;
    private final PullStats stats = new PullStats();
    private URI next;
    private Instant lastRequest = Instant.MIN;
    private volatile boolean stopped;
    private volatile Thread runner;

    public LogPuller(PullConfig config, LogsApi api, EventSink sink, CheckpointStore checkpoints, Clock clock,
                     Sleeper sleeper, RandomGenerator random) {
        this.config = config;
        this.api = api;
        this.records = new PullRecords(config);
        this.sink = sink;
        this.checkpoints = checkpoints;
        this.clock = clock;
        this.sleeper = sleeper;
        this.backoff = new Backoff(config.maxBackoff(), random);
        this.minGap = Duration.ofNanos((long) (1_000_000_000L / config.maxRate()));
    }

    /** What one {@link #step} did, and how long to wait before the next. */
    public record Step(Kind kind, int events, int rejected, Instant oldestDate, Duration delay) {
        public enum Kind { EVENTS, EMPTY, RATE_LIMITED, FAILED }
    }

    /** Starts after {@code logId} instead of the stored checkpoint (backfill). */
    public void startAfter(String logId) {
        next = api.first(Optional.of(logId));
    }

    public PullStats stats() {
        return stats;
    }

    /** Fetches and stores one page. Throws {@link PullException} only when it is fatal. */
    public Step step() throws InterruptedException {
        if (next == null) {
            try {
                next = api.first(checkpoints.read(config.tenant()));
            } catch (PullException e) {
                return failed(e);
            }
        }
        pace();
        LogsPage page;
        try {
            page = api.fetch(next);
            stats.apiAnswered();
        } catch (PullException e) {
            stats.apiFailed(e.getMessage());
            if (e.fatal()) {
                throw e;
            }
            return failed(e);
        }
        if (page instanceof LogsPage.RateLimited r) {
            stats.rateLimited();
            Duration wait = backoff.rateLimited(r.resetEpochSecond(), clock.instant());
            LOG.info("Auth0 rate limit reached (x-ratelimit-limit {}); waiting {} ms", r.limit(), wait.toMillis());
            return new Step(Step.Kind.RATE_LIMITED, 0, 0, null, wait);
        }
        LogsPage.Logs logs = (LogsPage.Logs) page;
        if (logs.items().isEmpty()) {
            backoff.reset();
            stats.page(0, 0);
            next = logs.next();
            return new Step(Step.Kind.EMPTY, 0, 0, null, config.interval());
        }
        PullRecords.Batch batch = records.build(logs.items(), clock.instant());
        try {
            sink.publish(batch.records());
            if (batch.lastLogId() != null) {
                checkpoints.write(config.tenant(), batch.lastLogId());
            }
            stats.kafkaWritten();
        } catch (PullException e) {
            stats.kafkaFailed(e.getMessage());
            return failed(e); // the same page again: its records may be in Kafka twice, never missing
        }
        backoff.reset();
        stats.page(batch.events(), batch.rejected());
        next = logs.next();
        return new Step(Step.Kind.EVENTS, batch.events(), batch.rejected(), batch.oldestDate(), Duration.ZERO);
    }

    /** Steps until {@link #close} or a fatal error, waiting as each step says. */
    public void run() {
        runner = Thread.currentThread();
        try {
            while (!stopped) {
                Step s = step();
                if (!s.delay().isZero()) {
                    sleeper.sleep(s.delay());
                }
            }
        } catch (InterruptedException e) {
            if (!stopped) {
                Thread.currentThread().interrupt();
            }
        } catch (RuntimeException e) {
            if (!stopped) {
                throw e; // fatal, or a client failing because close() interrupted it
            }
        }
    }

    private Step failed(PullException e) {
        stats.failed();
        Duration wait = backoff.failed();
        LOG.warn("Pulling logs for tenant {} failed, retrying in {} ms: {}", config.tenant(), wait.toMillis(), e.getMessage());
        return new Step(Step.Kind.FAILED, 0, 0, null, wait);
    }

    /** Keeps requests at least 1/max-rate apart. */
    private void pace() throws InterruptedException {
        Instant now = clock.instant();
        if (lastRequest != Instant.MIN) {
            Duration since = Duration.between(lastRequest, now);
            if (since.compareTo(minGap) < 0) {
                sleeper.sleep(minGap.minus(since));
            }
        }
        lastRequest = clock.instant();
    }

    /** Stops {@link #run} (interrupting a wait); does not close the sink or the store. */
    @Override
    public void close() {
        stopped = true;
        Thread t = runner;
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
        }
    }
}
