package io.authstream.cli;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How a long-running subcommand waits: until Ctrl-C or SIGTERM, then closes what it started, once. */
final class UntilStopped {
    private static final Logger LOG = LoggerFactory.getLogger(UntilStopped.class);

    private UntilStopped() {
    }

    /**
     * Blocks until the JVM is asked to stop, closing {@code running} from the shutdown hook first.
     * Interrupted from inside the JVM (tests, embedding), it closes {@code running} itself.
     */
    static void await(String name, AutoCloseable running) {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            LOG.info("Stopping {}", name);
            close(name, running);
            stopped.countDown();
        }, "authstream-" + name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            close(name, running);
            Thread.currentThread().interrupt();
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
