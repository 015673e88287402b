package io.authstream.ingest.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DedupCacheTest {
    private final AtomicLong nanos = new AtomicLong();
    private final DedupCache cache = new DedupCache(Duration.ofMinutes(10), 100, nanos::get);

    @Test
    void remembersAnAcknowledgedLogIdPerStream() {
        assertThat(cache.seen("s1", "a")).isFalse();
        cache.remember("s1", "a");
        assertThat(cache.seen("s1", "a")).isTrue();
        assertThat(cache.seen("s2", "a")).isFalse();
    }

    @Test
    void forgetsAfterTheHorizon() {
        cache.remember("s1", "a");
        nanos.addAndGet(Duration.ofMinutes(9).toNanos());
        assertThat(cache.seen("s1", "a")).isTrue();
        nanos.addAndGet(Duration.ofMinutes(2).toNanos());
        assertThat(cache.seen("s1", "a")).isFalse();
    }

    @Test
    void staysWithinItsSizeBound() {
        for (int i = 0; i < 1000; i++) {
            cache.remember("s", "id-" + i);
        }
        cache.cleanUp();
        assertThat(cache.size()).isLessThanOrEqualTo(100);
    }

    @Test
    void zeroEntriesTurnsDedupOff() {
        DedupCache off = new DedupCache(Duration.ofMinutes(10), 0);
        off.remember("s", "a");
        assertThat(off.seen("s", "a")).isFalse();
    }
}
