package io.authstream.pull;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void waitsUntilTheRateLimitResetPlusLessThanASecondOfJitter() {
        Backoff b = new Backoff(Duration.ofMinutes(5), new Random(1));
        for (int i = 0; i < 50; i++) {
            Duration d = b.rateLimited(NOW.getEpochSecond() + 10, NOW);
            assertThat(d).isBetween(Duration.ofSeconds(10), Duration.ofMillis(10_999));
        }
    }

    @Test
    void jittersSoThatTwoPullersDoNotRetryInLockstep() {
        Backoff b = new Backoff(Duration.ofMinutes(5), new Random(1));
        assertThat(java.util.stream.IntStream.range(0, 20).mapToObj(i -> b.rateLimited(NOW.getEpochSecond() + 1, NOW)).distinct().count())
                .isGreaterThan(10);
    }

    @Test
    void neverWaitsLongerThanTheMaximumEvenForAFarReset() {
        Backoff b = new Backoff(Duration.ofSeconds(30), new Random(1));
        assertThat(b.rateLimited(NOW.getEpochSecond() + 3600, NOW)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void doublesAfterEachFailureAndStartsOverAfterASuccess() {
        Backoff b = new Backoff(Duration.ofMinutes(5), new Random(1));
        assertThat(b.failed()).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(b.failed()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(b.failed()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
        b.reset();
        assertThat(b.failed()).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
    }

    @Test
    void fallsBackToExponentialWhenTheResetHeaderIsMissing() {
        Backoff b = new Backoff(Duration.ofMinutes(5), new Random(1));
        assertThat(b.rateLimited(-1, NOW)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
    }
}
