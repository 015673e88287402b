package io.authstream.analyzer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a stream thread dies of an unexpected exception: it is replaced, after a
 * backoff that doubles with each failure in the window (so a thread that fails on every record
 * does not spin at full speed), and once more than {@code maxReplacements} failed within
 * {@code window} the whole application is shut down: the state goes to {@code ERROR}, which
 * {@link Analyzer#failed()} reports so that the process can exit non-zero and its supervisor
 * (systemd, Kubernetes) restarts it with a clean slate.
 */
final class ThreadSupervisor implements StreamsUncaughtExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadSupervisor.class);

    /** How the supervisor waits before a replacement; a test passes one that records instead. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final Clock clock;
    private final Sleeper sleeper;
    private final int maxReplacements;
    private final Duration window;
    private final Duration base;
    private final Duration max;
    private final Deque<Instant> recent = new ArrayDeque<>();

    ThreadSupervisor(Clock clock, Sleeper sleeper, int maxReplacements, Duration window, Duration base, Duration max) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.maxReplacements = maxReplacements;
        this.window = window;
        this.base = base;
        this.max = max;
    }

    /** 5 replacements in 10 minutes, 1 s backoff doubling to 30 s. */
    static ThreadSupervisor defaults() {
        return new ThreadSupervisor(Clock.systemUTC(), d -> Thread.sleep(d.toMillis()), 5, Duration.ofMinutes(10),
                Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        Duration delay;
        int failures;
        synchronized (recent) {
            Instant now = clock.instant();
            while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(window))) {
                recent.removeFirst();
            }
            recent.addLast(now);
            failures = recent.size();
            if (failures > maxReplacements) {
                LOG.error("Analyzer stream thread failed {} times within {}; shutting the application down so that it"
                        + " is restarted", failures, window, exception);
                return StreamThreadExceptionResponse.SHUTDOWN_APPLICATION;
            }
            long millis = base.toMillis() << Math.min(failures - 1, 20);
            delay = Duration.ofMillis(Math.min(millis, max.toMillis()));
        }
        LOG.error("Analyzer stream thread failed ({} of at most {} within {}); replacing it in {} ms", failures,
                maxReplacements, window, delay.toMillis(), exception);
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
