package io.authstream.analyzer.notify;

import io.authstream.embedded.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimitTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));

    @Test
    void allowsAMinutesWorthAtOnceThenOneEveryMinuteDividedByTheLimit() {
        RateLimit r = new RateLimit(6, clock);
        for (int i = 0; i < 6; i++) {
            assertThat(r.tryAcquire()).as("message " + (i + 1)).isTrue();
        }
        assertThat(r.tryAcquire()).isFalse();
        assertThat(r.millisUntilToken()).isEqualTo(10_000);
        clock.advance(Duration.ofSeconds(9));
        assertThat(r.tryAcquire()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(r.tryAcquire()).isTrue();
        assertThat(r.tryAcquire()).isFalse();
    }

    @Test
    void aForcedMessageGoesIntoDebtThatDelaysTheNextOne() {
        RateLimit r = new RateLimit(60, clock);
        for (int i = 0; i < 60; i++) {
            r.tryAcquire();
        }
        r.force();
        r.force();
        assertThat(r.millisUntilToken()).isEqualTo(3_000);
    }

    @Test
    void zeroMeansNoLimit() {
        RateLimit r = new RateLimit(0, clock);
        for (int i = 0; i < 10_000; i++) {
            assertThat(r.tryAcquire()).isTrue();
        }
        assertThat(r.limited()).isFalse();
        assertThat(r.millisUntilToken()).isZero();
    }

    @Test
    void neverSavesUpMoreThanAMinutesWorth() {
        RateLimit r = new RateLimit(3, clock);
        clock.advance(Duration.ofHours(2));
        int allowed = 0;
        while (r.tryAcquire()) {
            allowed++;
        }
        assertThat(allowed).isEqualTo(3);
    }
}
