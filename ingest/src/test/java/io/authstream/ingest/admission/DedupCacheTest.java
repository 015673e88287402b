package io.authstream.ingest.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DedupCacheTest {
    private final AtomicLong nanos = new AtomicLong();
    private final DedupCache cache = new DedupCache(Duration.ofMinutes(10), 1000, nanos::get);

    @Test
    void remembersAnAcknowledgedLogIdPerStream() {
        assertThat(cache.seen("s1", "a")).isFalse();
        cache.remember("s1", "a");
        assertThat(cache.seen("s1", "a")).isTrue();
        assertThat(cache.seen("s2", "a")).isFalse();
    }

    @Test
    void forgetsAfterTheHorizonEvenWithoutNewEntries() {
        cache.remember("s1", "a");
        nanos.addAndGet(Duration.ofMinutes(8).toNanos());
        assertThat(cache.seen("s1", "a")).isTrue();
        nanos.addAndGet(Duration.ofMinutes(3).toNanos());
        assertThat(cache.seen("s1", "a")).isFalse();
    }

    @Test
    void alwaysRemembersTheMostRecentEntriesWhenFull() {
        for (int i = 0; i < 20_000; i++) {
            String id = "id-" + i;
            cache.seen("s", id);
            cache.remember("s", id);
        }
        long recent = IntStream.range(20_000 - 875, 20_000).filter(i -> cache.seen("s", "id-" + i)).count();
        assertThat(recent).as("the latest 7/8 of max-entries").isEqualTo(875);
        assertThat(cache.seen("s", "id-0")).isFalse();
        assertThat(cache.size()).isLessThanOrEqualTo(1000);
    }

    @Test
    void keepsARememberedEntryAliveWhenItIsRememberedAgain() {
        cache.remember("s", "again");
        for (int i = 0; i < 990; i++) {
            cache.remember("s", "filler-" + i);
            if (i == 500) {
                cache.remember("s", "again");
            }
        }
        assertThat(cache.seen("s", "again")).isTrue();
    }

    @Test
    void zeroEntriesTurnsDedupOff() {
        DedupCache off = new DedupCache(Duration.ofMinutes(10), 0);
        off.remember("s", "a");
        assertThat(off.seen("s", "a")).isFalse();
    }
}
