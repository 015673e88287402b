package io.authstream.retention.enforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstream.retention.es.Es;
import io.authstream.retention.es.FakeTransport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The host clock is compared with Elasticsearch's before anything is decided by it. */
class ClockCheckTest {
    private static final Instant ES_NOW = Instant.parse("2026-12-01T12:00:00Z");

    private static ClockCheck check(Instant host, Duration max) {
        Es es = Es.over(new FakeTransport().on("GET", "/_cat/health", "[{\"epoch\":\"" + ES_NOW.getEpochSecond() + "\"}]"));
        return new ClockCheck(es, Clock.fixed(host, ZoneOffset.UTC), max);
    }

    @Test
    void acceptsAClockWithinTheBound() {
        assertThat(check(ES_NOW.plusSeconds(299), Duration.ofMinutes(5)).verify()).isEqualTo(Duration.ofSeconds(299));
        assertThat(check(ES_NOW.minusSeconds(299), Duration.ofMinutes(5)).verify()).isEqualTo(Duration.ofSeconds(-299));
    }

    @Test
    void refusesAClockAheadBeyondTheBoundNamingBothTimesAndTheKey() {
        assertThatThrownBy(() -> check(ES_NOW.plus(Duration.ofDays(365)), Duration.ofMinutes(5)).verify())
                .isInstanceOf(ClockCheck.SkewException.class).hasMessageContaining("ahead of Elasticsearch's (" + ES_NOW + ")")
                .hasMessageContaining("retention.max-clock-skew (PT5M)");
    }

    @Test
    void refusesAClockBehindBeyondTheBound() {
        assertThatThrownBy(() -> check(ES_NOW.minusSeconds(302), Duration.ofMinutes(5)).verify())
                .isInstanceOf(ClockCheck.SkewException.class).hasMessageContaining("302 s behind");
    }

    @Test
    void failsWhenElasticsearchDoesNotTellItsTime() {
        Es es = Es.over(new FakeTransport().on("GET", "/_cat/health", "[]"));
        assertThatThrownBy(() -> new ClockCheck(es, Clock.systemUTC(), Duration.ofMinutes(5)).verify())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("did not tell its time");
    }
}
