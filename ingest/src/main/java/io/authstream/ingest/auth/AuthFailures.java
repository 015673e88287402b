package io.authstream.ingest.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failed authentications per client address in a fixed window that starts at the first failure:
 * after {@code maxFailures} of them the address is {@link #blocked} (429, before its token is even
 * compared) until the window ends. Bounded: at most {@code maxAddresses} addresses are remembered
 * (Caffeine, size-bounded, entries expire with their window), so a flood of addresses costs memory
 * once and only weakens the throttle for the evicted ones. {@code maxFailures} 0 turns it off.
 * Thread-safe; time comes from the injected clock.
 */
public final class AuthFailures {
    private final int maxFailures;
    private final Cache<InetAddress, AtomicInteger> failures;

    public AuthFailures(int maxFailures, Duration window, long maxAddresses, Clock clock) {
        this.maxFailures = maxFailures;
        this.failures = Caffeine.newBuilder().maximumSize(Math.max(1, maxAddresses))
                .expireAfterWrite(window.toNanos(), TimeUnit.NANOSECONDS)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).build();
    }

    /** Whether {@code address} has used up its failures in the current window. */
    public boolean blocked(InetAddress address) {
        if (maxFailures <= 0 || address == null) {
            return false;
        }
        AtomicInteger n = failures.getIfPresent(address);
        return n != null && n.get() >= maxFailures;
    }

    /** Counts one failure; the window starts with the first one (expire after write, written once). */
    public void failed(InetAddress address) {
        if (maxFailures > 0 && address != null) {
            failures.get(address, a -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** Addresses remembered now (for the gauge and tests). */
    public long tracked() {
        failures.cleanUp();
        return failures.estimatedSize();
    }
}
