package io.authstream.analyzer;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_APPLICATION;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThreadSupervisorTest {
    private Instant now = Instant.parse("2026-12-01T10:00:00Z");
    private final List<Duration> waits = new ArrayList<>();
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final ThreadSupervisor supervisor = new ThreadSupervisor(clock, d -> {
        waits.add(d);
        now = now.plus(d);
    }, 3, Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofSeconds(3));

    @Test
    void replacesAFailedThreadAfterABackoffThatGrowsWithEachFailure() {
        assertThat(supervisor.handle(new IllegalStateException("1"))).isEqualTo(REPLACE_THREAD);
        assertThat(supervisor.handle(new IllegalStateException("2"))).isEqualTo(REPLACE_THREAD);
        assertThat(supervisor.handle(new IllegalStateException("3"))).isEqualTo(REPLACE_THREAD);

        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3));
    }

    @Test
    void shutsTheApplicationDownAfterTooManyFailuresWithinTheWindow() {
        for (int i = 0; i < 3; i++) {
            supervisor.handle(new IllegalStateException());
        }

        assertThat(supervisor.handle(new IllegalStateException("crash loop"))).isEqualTo(SHUTDOWN_APPLICATION);
    }

    @Test
    void forgetsFailuresOlderThanTheWindow() {
        for (int i = 0; i < 3; i++) {
            supervisor.handle(new IllegalStateException());
        }
        now = now.plus(Duration.ofMinutes(11));

        assertThat(supervisor.handle(new IllegalStateException())).isEqualTo(REPLACE_THREAD);
        assertThat(waits.get(waits.size() - 1)).isEqualTo(Duration.ofSeconds(1));
    }
}
