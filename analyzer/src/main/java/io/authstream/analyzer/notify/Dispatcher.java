package io.authstream.analyzer.notify;

import io.authstream.schemas.record.Alert;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Routes alerts to the {@link Lane}s of the destinations whose rules they match. A lane never
 * drops: when one of the lanes an alert goes to is full ({@code notifier.queue-capacity}),
 * {@link #hasRoom} is false and the consumer stops reading until it is not (back-pressure).
 */
final class Dispatcher implements AutoCloseable {
    private final List<Lane> lanes = new ArrayList<>();
    private final NotifierMetrics metrics;
    private final DeliveryState state;

    Dispatcher(NotifierConfig cfg, List<Destination> destinations, NotifierMetrics metrics, DeliveryState state,
               Clock clock, RandomGenerator random, Runnable onLaneDeath) {
        this.metrics = metrics;
        this.state = state;
        Backoff backoff = new Backoff(cfg.initialBackoff(), cfg.maxBackoff());
        for (Destination d : destinations) {
            lanes.add(new Lane(d, new LaneQueue(cfg.queueCapacity()), state, metrics, backoff, random, clock, cfg.maxAge(),
                    onLaneDeath));
        }
    }

    /** One planned delivery. */
    record Delivery(Lane lane, Alert alert) {
    }

    /** The lanes {@code a} goes to (by rule); what each sends is decided when it gets there. */
    List<Delivery> plan(Alert a) {
        List<Delivery> out = new ArrayList<>();
        for (Lane l : lanes) {
            if (l.routes(a)) {
                out.add(new Delivery(l, a));
            } else {
                metrics.inc("suppressed", "destination", l.name(), "reason", "routing");
            }
        }
        return out;
    }

    /** Whether every lane of {@code plan} can take one more delivery now. */
    boolean hasRoom(List<Delivery> plan) {
        return plan.stream().allMatch(d -> d.lane().hasRoom());
    }

    /** Queues the deliveries; {@code done} runs once per delivery when it was delivered, suppressed or skipped. */
    void deliver(List<Delivery> plan, Runnable done) {
        for (Delivery d : plan) {
            d.lane().submit(d.alert(), done);
        }
    }

    DeliveryState state() {
        return state;
    }

    /** Why a lane thread died, if one did. */
    Optional<Throwable> deadLane() {
        return lanes.stream().map(Lane::death).filter(t -> t != null).findFirst();
    }

    @Override
    public void close() {
        lanes.forEach(Lane::stop);
        lanes.forEach(l -> l.join(Duration.ofSeconds(5)));
    }
}
