package io.authstream.analyzer.notify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertSeverity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes alerts to destinations and delivers them, one lane (thread + bounded backlog) per
 * destination so a slow or failing destination delays nobody else.
 *
 * <p>Per destination: an alert goes there when its severity reaches the destination's minimum and
 * its rule is listed (or no rules are). A firing is not sent when the same condition (alert key)
 * fired there within the cool-down at the same or a higher severity: a flapping condition pages once.
 * An update is sent when severity rose (or always with {@code send-updates}); a resolution only
 * where the firing was sent. Failed attempts are retried with {@link Backoff}; when the backlog is
 * full new deliveries are dropped and counted instead of blocking the consumer.
 */
final class Dispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private final List<Lane> lanes = new ArrayList<>();
    private final NotifierMetrics metrics;
    private final Backoff backoff;
    private final int maxAttempts;
    private final RandomGenerator random;

    Dispatcher(NotifierConfig cfg, List<Destination> destinations, NotifierMetrics metrics, Ticker ticker,
               RandomGenerator random) {
        this.metrics = metrics;
        this.backoff = new Backoff(cfg.initialBackoff(), cfg.maxBackoff());
        this.maxAttempts = cfg.maxAttempts();
        this.random = random;
        for (Destination d : destinations) {
            lanes.add(new Lane(d, cfg.coolDown(), cfg.queueCapacity(), ticker));
        }
    }

    /** One planned delivery. */
    record Delivery(Lane lane, Alert alert) {
    }

    /** Decides where {@code a} goes (updating cool-down state); deliver the result with {@link #deliver}. */
    List<Delivery> plan(Alert a) {
        List<Delivery> out = new ArrayList<>();
        for (Lane l : lanes) {
            if (l.wants(a)) {
                out.add(new Delivery(l, a));
            }
        }
        return out;
    }

    /** Queues the deliveries; {@code done} runs once per delivery when it succeeded or was given up. */
    void deliver(List<Delivery> plan, Runnable done) {
        for (Delivery d : plan) {
            d.lane().submit(d.alert(), done);
        }
    }

    @Override
    public void close() {
        lanes.forEach(l -> l.executor.shutdown());
        for (Lane l : lanes) {
            try {
                if (!l.executor.awaitTermination(5, TimeUnit.SECONDS)) {
                    l.executor.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                l.executor.shutdownNow();
            }
        }
    }

    final class Lane {
        private final Destination destination;
        private final DestinationConfig cfg;
        private final String name;
        private final ScheduledExecutorService executor;
        private final AtomicInteger backlog = new AtomicInteger();
        private final int capacity;
        /** Alert key → highest severity fired here within the cool-down. */
        private final Cache<String, AlertSeverity> coolDown;
        /** Alert id → severity last sent here (firing sent, not yet resolved). */
        private final Cache<String, AlertSeverity> sent;

        Lane(Destination destination, Duration coolDownFor, int capacity, Ticker ticker) {
            this.destination = destination;
            this.cfg = destination.config();
            this.name = cfg.name();
            this.capacity = capacity;
            this.executor = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "authstream-notify-" + name);
                t.setDaemon(true);
                return t;
            });
            this.coolDown = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(coolDownFor.isZero()
                    ? Duration.ofNanos(1) : coolDownFor).maximumSize(100_000).build();
            this.sent = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(Duration.ofDays(7)).maximumSize(100_000).build();
        }

        synchronized boolean wants(Alert a) {
            if (!cfg.rules().isEmpty() && !cfg.rules().contains(a.rule())) {
                return skip("routing");
            }
            AlertSeverity last = sent.getIfPresent(a.id());
            switch (a.state()) {
                case FIRING, UPDATED -> {
                    if (last != null) {
                        if (a.severity().compareTo(last) > 0) {
                            sent.put(a.id(), a.severity());
                            coolDown.asMap().merge(a.key(), a.severity(), (x, y) -> x.compareTo(y) >= 0 ? x : y);
                            return true;
                        }
                        return cfg.sendUpdates() && a.revision() > 0 || skip("not-sent");
                    }
                    if (!a.severity().atLeast(cfg.minSeverity())) {
                        return skip("routing");
                    }
                    AlertSeverity cooled = coolDown.getIfPresent(a.key());
                    if (cooled != null && a.severity().compareTo(cooled) <= 0) {
                        LOG.info("Not sending {} to {}: {} fired here within the cool-down", a.id(), name, a.key());
                        return skip("cool-down");
                    }
                    coolDown.put(a.key(), a.severity());
                    sent.put(a.id(), a.severity());
                    return true;
                }
                case RESOLVED -> {
                    if (last == null || !cfg.sendResolved()) {
                        return skip("not-sent");
                    }
                    sent.invalidate(a.id());
                    return true;
                }
                default -> {
                    return skip("routing");
                }
            }
        }

        private boolean skip(String reason) {
            metrics.inc("suppressed", "destination", name, "reason", reason);
            return false;
        }

        void submit(Alert a, Runnable done) {
            if (backlog.incrementAndGet() > capacity) {
                backlog.decrementAndGet();
                metrics.inc("dropped", "destination", name);
                LOG.error("Dropped alert {} for {}: {} deliveries already waiting", a.id(), name, capacity);
                done.run();
                return;
            }
            executor.execute(() -> attempt(a, 1, done));
        }

        private void attempt(Alert a, int n, Runnable done) {
            Attempt r;
            try {
                r = destination.send(a);
            } catch (RuntimeException e) {
                r = Attempt.retry(e.toString(), null);
            }
            if (r.ok()) {
                metrics.inc("delivered", "destination", name);
                finish(done);
                return;
            }
            if (r.retryable() && n < maxAttempts && !executor.isShutdown()) {
                Duration wait = backoff.delay(n, r.retryAfter(), random);
                metrics.inc("retries", "destination", name);
                LOG.warn("Delivery of {} to {} failed (attempt {}/{}): {}; retrying in {} ms", a.id(), name, n,
                        maxAttempts, r.problem(), wait.toMillis());
                try {
                    executor.schedule(() -> attempt(a, n + 1, done), wait.toMillis(), TimeUnit.MILLISECONDS);
                    return;
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // shutting down: give up below
                }
            }
            metrics.inc("failed", "destination", name);
            LOG.error("Gave up delivering {} ({} {}) to {} after {} attempt(s): {}", a.id(), a.state().id(), a.rule(), name,
                    n, r.problem());
            finish(done);
        }

        private void finish(Runnable done) {
            backlog.decrementAndGet();
            done.run();
        }
    }
}
