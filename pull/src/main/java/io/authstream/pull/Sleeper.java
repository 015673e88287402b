package io.authstream.pull;

import java.time.Duration;

/** Waits; injected so that tests move time instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    Sleeper SYSTEM = d -> Thread.sleep(Math.max(0, d.toMillis()));
}
