package io.authstream.ingest.admission;

import io.authstream.ingest.StreamConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Bounds what the receiver holds at once: requests server-wide, requests per stream, and body bytes
 * (counted as they are read, compressed and decompressed alike, not taken on trust from
 * Content-Length). Beyond a bound the caller answers 503 (or 429 for a stream's own limit) with
 * Retry-After instead of queueing: Auth0 retries, memory stays bounded. Thread-safe, lock-free.
 */
public final class Admission {
    private final int maxRequests;
    private final long maxBytes;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final Map<String, AtomicInteger> perStream = new ConcurrentHashMap<>();
    private final Map<String, Integer> streamLimits = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;
    /** When the server-wide request bound was last reached; meaningful only while it still is. */
    private volatile long saturatedSince;

    public Admission(int maxRequests, long maxBytes, List<StreamConfig> streams) {
        this(maxRequests, maxBytes, streams, System::nanoTime);
    }

    /** @param nanoTime a monotonic clock in nanoseconds ({@link System#nanoTime()}; tests move their own) */
    public Admission(int maxRequests, long maxBytes, List<StreamConfig> streams, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.maxRequests = maxRequests;
        this.maxBytes = maxBytes;
        for (StreamConfig s : streams) {
            perStream.put(s.id(), new AtomicInteger());
            if (s.maxInFlightRequests() > 0) {
                streamLimits.put(s.id(), s.maxInFlightRequests());
            }
        }
    }

    /** Why a request was not admitted. */
    public enum Refusal {
        /** The stream holds its own maximum of requests (429). */
        STREAM_BUSY,
        /** The server holds its maximum of requests (503). */
        SERVER_BUSY
    }

    /**
     * Admits a request of {@code stream}, or returns null and sets nothing aside.
     *
     * @param refused receives the reason when null is returned
     */
    public Ticket tryAdmit(StreamConfig stream, Refusal[] refused) {
        AtomicInteger own = perStream.get(stream.id());
        Integer ownLimit = streamLimits.get(stream.id());
        if (ownLimit != null && !increment(own, ownLimit)) {
            refused[0] = Refusal.STREAM_BUSY;
            return null;
        }
        if (!increment(requests, maxRequests)) {
            if (ownLimit != null) {
                own.decrementAndGet();
            }
            refused[0] = Refusal.SERVER_BUSY;
            return null;
        }
        if (requests.get() >= maxRequests) {
            saturatedSince = nanoTime.getAsLong();
        }
        if (ownLimit == null) {
            own.incrementAndGet();
        }
        return new Ticket(own);
    }

    private static boolean increment(AtomicInteger counter, int limit) {
        while (true) {
            int now = counter.get();
            if (now >= limit) {
                return false;
            }
            if (counter.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    public int inFlightRequests() {
        return requests.get();
    }

    /**
     * How long the server-wide request bound has been held without a break, in nanoseconds; 0 when
     * requests are below it. Requests that never finish (a bug, a stuck client the timeouts miss)
     * show here, so readiness can report a receiver that only answers {@code 503 server-busy}.
     */
    public long saturatedNanos() {
        if (requests.get() < maxRequests) {
            return 0;
        }
        return Math.max(0, nanoTime.getAsLong() - saturatedSince);
    }

    public long inFlightBytes() {
        return bytes.get();
    }

    /** Requests in flight on one stream. */
    public int inFlightRequests(String stream) {
        AtomicInteger n = perStream.get(stream);
        return n == null ? 0 : n.get();
    }

    /** What one admitted request holds; {@link #close()} gives it all back, once. */
    public final class Ticket implements AutoCloseable {
        private final AtomicInteger stream;
        private final AtomicLong held = new AtomicLong();
        private final AtomicBoolean closed = new AtomicBoolean();

        private Ticket(AtomicInteger stream) {
            this.stream = stream;
        }

        /** Sets {@code n} more bytes aside; false (and nothing set aside) when the server-wide bound would be passed. */
        public boolean tryAddBytes(long n) {
            while (true) {
                long now = bytes.get();
                if (now + n > maxBytes) {
                    return false;
                }
                if (bytes.compareAndSet(now, now + n)) {
                    held.addAndGet(n);
                    return true;
                }
            }
        }

        /** Gives back part of the bytes early (e.g. the compressed body once it is inflated). */
        public void releaseBytes(long n) {
            long give = Math.min(n, held.get());
            held.addAndGet(-give);
            bytes.addAndGet(-give);
        }

        public long bytes() {
            return held.get();
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                bytes.addAndGet(-held.getAndSet(0));
                requests.decrementAndGet();
                stream.decrementAndGet();
            }
        }
    }
}
