package io.authstream.analyzer.notify;

import java.time.Clock;

/**
 * A token bucket of {@code perMinute} messages per minute for one destination (burst: a minute's
 * worth), on an injected clock. {@code perMinute} 0 means no limit. Used by one lane thread only.
 */
final class RateLimit {
    private final int perMinute;
    private final Clock clock;
    private double tokens;
    private long lastMillis;

    RateLimit(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
        this.tokens = perMinute;
        this.lastMillis = clock.millis();
    }

    boolean limited() {
        return perMinute > 0;
    }

    /** Takes a token if there is one (always true without a limit). */
    boolean tryAcquire() {
        if (!limited()) {
            return true;
        }
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Takes a token whether or not there is one (a critical alert): the debt delays what comes next. */
    void force() {
        if (limited()) {
            refill();
            tokens -= 1;
        }
    }

    /** Gives back the token of an attempt the destination did not accept (it is retried). */
    void refund() {
        if (limited()) {
            tokens = Math.min(perMinute, tokens + 1);
        }
    }

    /** Milliseconds until {@link #tryAcquire} can succeed (0 if now). */
    long millisUntilToken() {
        if (!limited()) {
            return 0;
        }
        refill();
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) * 60_000.0 / perMinute);
    }

    private void refill() {
        long now = clock.millis();
        if (now > lastMillis) {
            tokens = Math.min(perMinute, tokens + (now - lastMillis) * perMinute / 60_000.0);
            lastMillis = now;
        }
    }
}
