package io.authstream.analyzer.notify;

import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertSeverity;
import io.authstream.schemas.record.AlertState;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery to one destination: one thread taking from a {@link LaneQueue}, so a slow or failing
 * destination never delays another one.
 *
 * <p>Retryable failures (I/O errors, timeouts, 408, 429, 5xx) are retried without limit, with
 * {@link Backoff}: the lane waits, the alert stays queued and its offset uncommitted, and once the
 * destination is back everything queued is delivered, most severe first, in order within a
 * severity. A permanent failure (another 4xx) is logged, counted as {@code failed} and skipped,
 * because a wrong URL or key will not fix itself. What was sent is recorded in the
 * {@link DeliveryState} only after the destination accepted it, and before the delivery counts as
 * done (so before its offset can be committed).
 *
 * <p>Whether an alert is sent is decided when it reaches the front, from the delivery state: a
 * firing when its severity reaches the minimum, it is not older than {@code maxAge} when read, and
 * its condition did not fire here within the cool-down at the same or a higher severity; an update
 * when severity rose (or always with {@code send-updates}); a resolution only where the firing was
 * sent; nothing already sent (a redelivery after a restart or rebalance).
 *
 * <p>With a rate limit ({@code rate-limit.per-minute}), a critical alert always goes out at once
 * (it comes first from the queue anyway, and it never waits for the limit); anything else over the
 * limit is held, never dropped: see {@link Digests}. Held alerts stay undelivered (their offsets
 * uncommitted) until the digest naming them was accepted, so a crash repeats them instead of losing them.
 */
final class Lane implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Lane.class);
    private final Destination destination;
    private final DestinationConfig cfg;
    private final String name;
    private final LaneQueue queue;
    private final DeliveryState state;
    private final NotifierMetrics metrics;
    private final Backoff backoff;
    private final RandomGenerator random;
    private final Clock clock;
    private final Duration maxAge;
    private final Thread thread;
    private final AtomicInteger failures = new AtomicInteger();
    private final Runnable onDeath;
    private volatile boolean closing;
    /** True while an attempt or its recording is in progress: close lets those finish instead of interrupting them. */
    private volatile boolean busy;
    private volatile Throwable death;
    private final RateLimit limit;
    private final Digests held;

    Lane(Destination destination, LaneQueue queue, DeliveryState state, NotifierMetrics metrics, Backoff backoff,
         RandomGenerator random, Clock clock, Duration maxAge, Runnable onDeath) {
        this(destination, queue, state, metrics, backoff, random, clock, maxAge, onDeath,
                new RateLimit(destination.config().ratePerMinute(), clock));
    }

    Lane(Destination destination, LaneQueue queue, DeliveryState state, NotifierMetrics metrics, Backoff backoff,
         RandomGenerator random, Clock clock, Duration maxAge, Runnable onDeath, RateLimit limit) {
        this.destination = destination;
        this.cfg = destination.config();
        this.name = cfg.name();
        this.queue = queue;
        this.state = state;
        this.metrics = metrics;
        this.backoff = backoff;
        this.random = random;
        this.clock = clock;
        this.maxAge = maxAge;
        this.onDeath = onDeath;
        this.limit = limit;
        this.held = new Digests(name, destination.config().ratePerMinute(), clock);
        metrics.gauge("held.waiting", held::size, "destination", name);
        metrics.gauge("backlog", queue::size, "destination", name);
        metrics.gauge("consecutive.failures", failures::get, "destination", name);
        this.thread = new Thread(this::run, "authstream-notify-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    String name() {
        return name;
    }

    /** Whether {@code a} may be sent here at all (by its rule); everything else is decided at delivery. */
    boolean routes(Alert a) {
        return cfg.rules().isEmpty() || cfg.rules().contains(a.rule());
    }

    boolean hasRoom() {
        return queue.hasRoom();
    }

    void submit(Alert a, Runnable done) {
        queue.add(a, done, clock.millis());
    }

    /** The reason the lane thread died, or null while it runs (or was closed). */
    Throwable death() {
        return death;
    }

    private void run() {
        try {
            while (!closing) {
                LaneQueue.Item item;
                try {
                    // while alerts are held, wake up when the limit lets a digest out (a test clock: poll)
                    item = held.isEmpty() ? queue.take() : queue.take(Math.max(1, Math.min(limit.millisUntilToken(), 200)));
                } catch (InterruptedException e) {
                    return;
                }
                busy = true;
                try {
                    if (item != null && item.alert.severity() == AlertSeverity.CRITICAL) {
                        if (!deliver(item)) { // before any digest
                            return;
                        }
                        item = null;
                    }
                    if (!held.isEmpty() && limit.millisUntilToken() == 0 && !sendDigest()) {
                        if (item != null) {
                            queue.putBack(item);
                        }
                        return;
                    }
                    if (item != null && !deliver(item)) {
                        return;
                    }
                } finally {
                    busy = false;
                }
            }
        } catch (Throwable t) {
            if (!closing) {
                death = t;
                LOG.error("Notifier lane {} died: no more alerts are delivered there", name, t);
                onDeath.run();
            }
        }
    }

    /** Delivers one item until done; false when closing interrupted it (then it stays undelivered). */
    private boolean deliver(LaneQueue.Item item) {
        Alert a = item.alert;
        String skip = skipReason(item);
        if (skip != null) {
            metrics.inc("suppressed", "destination", name, "reason", skip);
            return finish(item);
        }
        if (closing) {
            queue.putBack(item);
            return false;
        }
        if (a.severity() == AlertSeverity.CRITICAL) {
            limit.force();
        } else if (!limit.tryAcquire()) {
            held.add(item);
            metrics.inc("held", "destination", name);
            return true;
        }
        Attempt r;
        try {
            r = destination.send(a);
        } catch (RuntimeException e) {
            r = Attempt.retry(e.toString(), null);
        }
        if (r.ok()) {
            if (!record(a)) {
                queue.putBack(item);
                return false;
            }
            metrics.inc("delivered", "destination", name);
            failures.set(0);
            return finish(item);
        }
        if (!r.retryable()) {
            metrics.inc("failed", "destination", name);
            LOG.error("Not delivering {} ({} {}) to {}: permanent failure: {}", a.id(), a.state().id(), Text.clean(a.rule()),
                    name, r.problem());
            return finish(item);
        }
        limit.refund();
        int n = failures.incrementAndGet();
        Duration wait = backoff.delay(n, r.retryAfter(), random);
        metrics.inc("retries", "destination", name);
        LOG.warn("Delivery of {} to {} failed ({} in a row): {}; retrying in {} ms", a.id(), name, n, r.problem(),
                wait.toMillis());
        queue.putBack(item);
        return pause(wait);
    }

    /**
     * Sends the digest of the rule held longest (or its one alert as it is); when accepted, every
     * alert it names is recorded as delivered and finished. False if closing interrupted it.
     */
    private boolean sendDigest() {
        List<LaneQueue.Item> items = held.next();
        if (items.size() == 1) {
            limit.tryAcquire();
            return sendHeld(items, items.get(0).alert);
        }
        limit.tryAcquire();
        return sendHeld(items, held.digest(items));
    }

    private boolean sendHeld(List<LaneQueue.Item> items, Alert message) {
        Attempt r;
        try {
            r = destination.send(message);
        } catch (RuntimeException e) {
            r = Attempt.retry(e.toString(), null);
        }
        if (r.ok() || !r.retryable()) {
            if (r.ok()) {
                for (LaneQueue.Item i : items) {
                    if (!record(i.alert)) {
                        held.putBack(items);
                        return false;
                    }
                }
                failures.set(0);
                metrics.inc("delivered", "destination", name);
                if (items.size() > 1) {
                    LOG.warn("Rate limit of {}: sent one digest for {} held alerts of rule {}", name, items.size(),
                            Text.clean(message.rule()));
                    items.forEach(i -> metrics.inc("summarized", "destination", name));
                }
            } else {
                metrics.inc("failed", "destination", name);
                LOG.error("Not delivering {} held alerts of rule {} to {}: permanent failure: {}", items.size(),
                        Text.clean(message.rule()), name, r.problem());
            }
            items.forEach(this::finish);
            return true;
        }
        held.putBack(items);
        limit.refund();
        int n = failures.incrementAndGet();
        Duration wait = backoff.delay(n, r.retryAfter(), random);
        metrics.inc("retries", "destination", name);
        LOG.warn("Delivery of a digest of {} alerts to {} failed ({} in a row): {}; retrying in {} ms", items.size(), name, n,
                r.problem(), wait.toMillis());
        return pause(wait);
    }

    /** Writes the delivery state, retrying until it is durable; false if closing first. */
    private boolean record(Alert a) {
        for (int n = 1; ; n++) {
            try {
                state.delivered(name, a);
                return true;
            } catch (RuntimeException e) {
                Duration wait = backoff.delay(n, null, random);
                LOG.warn("Recording the delivery of {} to {} failed: {}; retrying in {} ms", a.id(), name, e.toString(),
                        wait.toMillis());
                if (!pause(wait)) {
                    return false;
                }
            }
        }
    }

    private String skipReason(LaneQueue.Item item) {
        Alert a = item.alert;
        DeliveryState.Sent last = state.sent(name, a.id());
        if (a.state() == AlertState.RESOLVED) {
            if (last == null || !cfg.sendResolved()) {
                return "not-sent";
            }
            return last.resolved() ? "already-sent" : null;
        }
        if (last != null) {
            if (last.resolved() || a.revision() <= last.revision()) {
                return "already-sent";
            }
            if (a.severity().compareTo(last.severity()) > 0) {
                return null;
            }
            return cfg.sendUpdates() && a.revision() > 0 ? null : "not-sent";
        }
        if (!a.severity().atLeast(cfg.minSeverity())) {
            return "routing";
        }
        if (item.readAtMillis - a.emittedAt().toEpochMilli() > maxAge.toMillis()) {
            return "too-old";
        }
        DeliveryState.Fired cooled = state.firedWithin(name, a.key());
        if (cooled != null && a.severity().compareTo(cooled.severity()) <= 0) {
            LOG.info("Not sending {} to {}: {} fired here within the cool-down", a.id(), name, Text.clean(a.key()));
            return "cool-down";
        }
        return null;
    }

    private boolean finish(LaneQueue.Item item) {
        queue.finished(item);
        item.done.run();
        return true;
    }

    private boolean pause(Duration d) {
        busy = false; // a backoff may be interrupted by close (paired with stop(): one of them sees the other)
        try {
            if (closing) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(d.toMillis());
            return !closing;
        } catch (InterruptedException e) {
            return false;
        } finally {
            busy = true;
        }
    }

    /** Stops after the attempt in progress (waiting at most the request timeout); what is undelivered stays so. */
    @Override
    public void close() {
        stop();
        join(cfg.timeout().plusSeconds(1));
    }

    /** Asks the lane to stop; an attempt in progress may finish (and be recorded). */
    void stop() {
        closing = true;
        if (!busy) {
            thread.interrupt(); // waiting for work or backing off
        }
    }

    /** Waits for the lane to stop, interrupting it after {@code grace}. */
    void join(Duration grace) {
        try {
            thread.join(grace.toMillis());
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
