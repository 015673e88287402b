package io.authstream.pull;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one puller, for progress output and tests. */
public final class PullStats {
    private final AtomicLong pages = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    /** null: no answer yet; "": the last request was answered; else why it was not. */
    private volatile String apiProblem;
    /** "": the last write (or the start-up topic check) went through; else why it did not. */
    private volatile String kafkaProblem = "";

    void apiAnswered() {
        apiProblem = "";
    }

    void apiFailed(String why) {
        apiProblem = why == null ? "request failed" : why;
    }

    void kafkaWritten() {
        kafkaProblem = "";
    }

    void kafkaFailed(String why) {
        kafkaProblem = why == null ? "write failed" : why;
    }

    /** Why the last Management API request failed; "" when it was answered; null before the first answer. */
    public String apiProblem() {
        return apiProblem;
    }

    /** Why the last write to Kafka failed, or "" when it went through. */
    public String kafkaProblem() {
        return kafkaProblem;
    }

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
