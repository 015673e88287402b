package io.authstream.retention.enforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.authstream.retention.es.Es;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Compares this host's clock with Elasticsearch's before anything is decided by it: every cutoff
 * ({@code now − limit}) and the lock's expiry are computed from the host clock, so a host a year
 * ahead would delete young data and take over live locks. Elasticsearch's time comes from
 * {@code _cat/health} ({@code epoch}, seconds; works on every distribution).
 */
public final class ClockCheck {
    private final Es es;
    private final Clock clock;
    private final Duration maxSkew;

    public ClockCheck(Es es, Clock clock, Duration maxSkew) {
        this.es = es;
        this.clock = clock;
        this.maxSkew = maxSkew;
    }

    /** The host clock is too far from Elasticsearch's. */
    public static final class SkewException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        SkewException(String message) {
            super(message);
        }
    }

    /** Returns the measured skew (host minus Elasticsearch), or throws {@link SkewException} beyond the bound. */
    public Duration verify() {
        Instant before = clock.instant();
        JsonNode r = es.call("GET", "/_cat/health", Map.of("format", "json", "h", "epoch"), null);
        Instant after = clock.instant();
        JsonNode epoch = r.path(0).path("epoch");
        if (epoch.isMissingNode() || epoch.asLong(-1) < 0) {
            throw new IllegalStateException("Elasticsearch did not tell its time (_cat/health epoch): " + r);
        }
        Instant esNow = Instant.ofEpochSecond(epoch.asLong());
        Instant host = before.plus(Duration.between(before, after).dividedBy(2));
        Duration skew = Duration.between(esNow, host);
        // The epoch has whole seconds: up to one second of the difference is rounding.
        if (skew.abs().minusSeconds(1).compareTo(maxSkew) > 0) {
            throw new SkewException("This host's clock (" + host + ") is " + skew.abs().toSeconds() + " s "
                    + (skew.isNegative() ? "behind" : "ahead of") + " Elasticsearch's (" + esNow + "), more than retention.max-clock-skew ("
                    + maxSkew + "). Every cutoff and the lock expiry come from this clock, so nothing was done: fix the host's time (NTP).");
        }
        return skew;
    }
}
