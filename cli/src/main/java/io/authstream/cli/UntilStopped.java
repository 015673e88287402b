package io.authstream.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a long-running subcommand waits: until Ctrl-C or SIGTERM, then closes what it started, once;
 * or until what it started reaches a state it cannot recover from, so that the command can exit
 * non-zero and an orchestrator (systemd, Kubernetes, compose) restarts it instead of keeping a
 * process that looks alive and does nothing.
 */
final class UntilStopped {
    private static final Logger LOG = LoggerFactory.getLogger(UntilStopped.class);
    /** How often {@link #awaitOrFatal} looks at the component's state. */
    static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    private UntilStopped() {
    }

    /**
     * Blocks until the JVM is asked to stop, closing {@code running} from the shutdown hook first.
     * Interrupted from inside the JVM (tests, embedding), it closes {@code running} itself.
     */
    static void await(String name, AutoCloseable running) {
        awaitOrFatal(name, running, Optional::empty, CHECK_EVERY);
    }

    /**
     * {@link #await}, but also returns once {@code fatal} names a reason (checked every
     * {@code every}; not while a requested stop is under way), after closing {@code running}.
     *
     * @return the reason, or empty when stopped by a signal or an interrupt
     */
    static Optional<String> awaitOrFatal(String name, AutoCloseable running, Supplier<Optional<String>> fatal, Duration every) {
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            if (stopping.compareAndSet(false, true)) {
                LOG.info("Stopping {}", name);
                close(name, running);
            }
            stopped.countDown();
        }, "authstream-" + name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            while (!stopped.await(every.toMillis(), TimeUnit.MILLISECONDS)) {
                if (stopping.get()) {
                    continue; // the hook is closing it: states now are the stop, not a failure
                }
                Optional<String> reason = fatal.get();
                if (reason.isPresent() && stopping.compareAndSet(false, true)) {
                    LOG.error("The {} cannot go on: {}; stopping so that it is restarted", name, reason.get());
                    removeHook(hook);
                    close(name, running);
                    return reason;
                }
            }
        } catch (InterruptedException e) {
            if (stopping.compareAndSet(false, true)) {
                removeHook(hook);
                close(name, running);
            }
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down
        }
    }

    private static void close(String name, AutoCloseable running) {
        try {
            running.close();
        } catch (Exception e) {
            LOG.warn("error while stopping {}", name, e);
        }
    }
}
