package io.authstream.pull;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one puller, for progress output and tests. */
public final class PullStats {
    private final AtomicLong pages = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    void page(int ok, int bad) {
        pages.incrementAndGet();
        events.addAndGet(ok);
        rejected.addAndGet(bad);
    }

    void rateLimited() {
        rateLimited.incrementAndGet();
    }

    void failed() {
        failures.incrementAndGet();
    }

    public long pages() {
        return pages.get();
    }

    public long events() {
        return events.get();
    }

    public long rejected() {
        return rejected.get();
    }

    public long rateLimitedCount() {
        return rateLimited.get();
    }

    public long failures() {
        return failures.get();
    }
}
