package io.authstream.analyzer.engine;

import org.slf4j.Logger;

/** Logs a recurring condition at most once per interval of wall time, saying how often it happened meanwhile. */
final class ThrottledLog {
    private final Logger log;
    private final long intervalMs;
    private long lastAt = Long.MIN_VALUE;
    private long suppressed;

    ThrottledLog(Logger log, long intervalMs) {
        this.log = log;
        this.intervalMs = intervalMs;
    }

    /** Logs {@code message} (a warning, "+ N more since the last one") unless one was logged less than an interval ago. */
    void warn(long wallNow, String message) {
        if (lastAt != Long.MIN_VALUE && wallNow - lastAt < intervalMs) {
            suppressed++;
            return;
        }
        if (suppressed > 0) {
            log.warn("{} (and {} more like it since the last such message)", message, suppressed);
        } else {
            log.warn(message);
        }
        lastAt = wallNow;
        suppressed = 0;
    }
}
