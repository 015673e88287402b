package io.authstream.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AuthFailuresTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void blocksAnAddressAfterItsFailuresUntilTheWindowEnds() throws Exception {
        AuthFailures f = new AuthFailures(3, Duration.ofMinutes(1), 1000, clock);
        InetAddress a = ip("198.51.100.7");
        for (int i = 0; i < 3; i++) {
            assertThat(f.blocked(a)).as("after " + i).isFalse();
            f.failed(a);
        }
        assertThat(f.blocked(a)).isTrue();
        assertThat(f.blocked(ip("198.51.100.8"))).as("another address").isFalse();
        now.set(now.get().plusSeconds(59));
        assertThat(f.blocked(a)).isTrue();
        now.set(now.get().plusSeconds(2));
        assertThat(f.blocked(a)).as("the window started at the first failure and is over").isFalse();
    }

    @Test
    void zeroFailuresTurnsItOff() throws Exception {
        AuthFailures f = new AuthFailures(0, Duration.ofMinutes(1), 1000, clock);
        for (int i = 0; i < 100; i++) {
            f.failed(ip("198.51.100.7"));
        }
        assertThat(f.blocked(ip("198.51.100.7"))).isFalse();
        assertThat(f.tracked()).isZero();
    }

    @Test
    void remembersABoundedNumberOfAddresses() throws Exception {
        AuthFailures f = new AuthFailures(1, Duration.ofMinutes(1), 100, clock);
        for (int i = 0; i < 5000; i++) {
            f.failed(InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i}));
        }
        assertThat(f.tracked()).isLessThanOrEqualTo(100);
    }
}
