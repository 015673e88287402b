package io.authstream.analyzer.notify;

import java.time.Duration;

/**
 * The outcome of one delivery attempt.
 *
 * @param retryAfter the destination's own wait hint (HTTP {@code Retry-After}), or null
 */
record Attempt(boolean ok, boolean retryable, Duration retryAfter, String problem) {
    static final Attempt OK = new Attempt(true, false, null, null);

    static Attempt retry(String problem, Duration after) {
        return new Attempt(false, true, after, problem);
    }

    static Attempt giveUp(String problem) {
        return new Attempt(false, false, null, problem);
    }
}
