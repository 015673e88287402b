package io.authstream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachedCheckTest {
    private Instant now = Instant.parse("2026-12-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void asksTheDependencyAgainOnlyOnceTheAnswerIsOlderThanTheTtl() {
        AtomicInteger asked = new AtomicInteger();
        CachedCheck c = new CachedCheck(() -> {
            asked.incrementAndGet();
            return Check.up();
        }, Duration.ofSeconds(10), clock);
        c.get();
        now = now.plusSeconds(9);
        c.get();
        assertThat(asked).hasValue(1);
        now = now.plusSeconds(1);
        c.get();
        assertThat(asked).hasValue(2);
    }

    @Test
    void aFailingRequestIsDownWithoutItsMessage() {
        CachedCheck c = new CachedCheck(() -> {
            throw new IllegalStateException("https://elastic:pw@es refused");
        }, Duration.ofSeconds(10), clock);
        assertThat(c.get().state()).isEqualTo(CheckState.DOWN);
        assertThat(c.get().reason()).isEqualTo("unreachable (IllegalStateException)");
    }
}
