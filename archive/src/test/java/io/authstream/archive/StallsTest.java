package io.authstream.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class StallsTest {
    private Instant now = Instant.parse("2026-12-01T10:00:00Z");
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
    void measuresTheOldestSequenceStillFailingFromItsFirstFailure() {
        Stalls stalls = new Stalls(clock);
        Object a = new Object();
        Object b = new Object();
        stalls.failing(a);
        now = now.plusSeconds(30);
        stalls.failing(a);
        stalls.failing(b);
        now = now.plusSeconds(60);

        assertThat(stalls.longest()).isEqualTo(Duration.ofSeconds(90));
        stalls.done(a);
        assertThat(stalls.longest()).isEqualTo(Duration.ofSeconds(60));
        stalls.done(b);
        assertThat(stalls.longest()).isZero();
    }
}
