package io.authstream.cli;

import io.authstream.analyzer.Analyzer;
import io.authstream.analyzer.notify.DestinationConfig;
import io.authstream.analyzer.notify.Notifier;
import io.authstream.analyzer.notify.NotifierConfig;
import io.authstream.ops.CachedCheck;
import io.authstream.ops.Check;
import io.authstream.ops.ComponentHealth;
import io.authstream.pull.PullService;
import io.authstream.pull.PullStats;
import io.authstream.retention.RetentionService;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Each component's dependencies as checks of the shared health model (docs/operations.md lists
 * them). Wiring only: the states come from the components, this maps them.
 */
final class HealthChecks {
    /** Elasticsearch is asked at most this often, however often probes come. */
    static final Duration ELASTICSEARCH_EVERY = Duration.ofSeconds(10);

    private HealthChecks() {
    }

    /** Kafka Streams: starting until the first RUNNING, ready while RUNNING, not live in ERROR/PENDING_ERROR (or stopped unasked). */
    static ComponentHealth analyzer(Analyzer a, Notifier inProcessNotifier, NotifierConfig ncfg, MeterRegistry registry) {
        ComponentHealth h = new ComponentHealth("analyzer")
                .check("streams", () -> streams(a.state().name()))
                .startedWhen(() -> a.hasBeenRunning() && (inProcessNotifier == null || inProcessNotifier.health() != Notifier.Health.STARTING))
                .fatalWhen(() -> AnalyzeCommand.fatal(a.state().name(), inProcessNotifier == null || inProcessNotifier.isRunning()));
        if (inProcessNotifier != null) {
            notifierChecks(h, inProcessNotifier, ncfg, registry);
        }
        return h;
    }

    static Check streams(String state) {
        return switch (state) {
            case "RUNNING" -> Check.up();
            case "CREATED" -> Check.starting("starting");
            case "REBALANCING" -> Check.starting("rebalancing: tasks are being assigned or restored");
            case "ERROR", "PENDING_ERROR" -> Check.down("Kafka Streams is in state " + state);
            default -> Check.down("Kafka Streams has stopped (state " + state + ")");
        };
    }

    static ComponentHealth notifier(Notifier n, NotifierConfig cfg, MeterRegistry registry) {
        ComponentHealth h = new ComponentHealth("notifier")
                .fatalWhen(() -> n.health() == Notifier.Health.FAILED
                        ? Optional.of("the notifier has failed: " + n.failure().map(e -> e.getClass().getSimpleName()).orElse("unknown"))
                        : Optional.empty());
        return notifierChecks(h, n, cfg, registry);
    }

    /**
     * {@code kafka} (the alerts consumer) and {@code delivery-state} (restored from its topic before
     * the first alert is handled) are required; {@code destination:<name>} shows a destination that
     * keeps failing (optional: a failing Slack must not take the notifier out of service, it retries).
     */
    private static ComponentHealth notifierChecks(ComponentHealth h, Notifier n, NotifierConfig cfg, MeterRegistry registry) {
        h.check("kafka", () -> switch (n.health()) {
            case RUNNING -> Check.up();
            case STARTING -> Check.starting("not consuming yet: the delivery state is loading");
            case STOPPED -> Check.down("the consumer has stopped");
            case FAILED -> Check.down("the consumer has failed");
        });
        h.check("delivery-state", () -> n.health() == Notifier.Health.STARTING
                ? Check.starting("loading the delivery-state topic") : Check.up());
        for (DestinationConfig d : cfg.destinations()) {
            h.check("destination:" + d.name(), () -> {
                Gauge g = registry.find("authstream.notifier.consecutive.failures").tag("destination", d.name()).gauge();
                long failures = g == null ? 0 : (long) g.value();
                return (failures == 0 ? Check.up() : Check.down(failures + " consecutive delivery failures")).optional();
            });
        }
        return h;
    }

    /** Elasticsearch reachable (asked every {@link #ELASTICSEARCH_EVERY} at most); the last run's outcome as an optional check. */
    static ComponentHealth retention(RetentionService s, Clock clock) {
        return new ComponentHealth("retention")
                .check("elasticsearch", new CachedCheck(() -> {
                    String status = s.health();
                    return "red".equals(status) ? Check.down("cluster health is red") : Check.up();
                }, ELASTICSEARCH_EVERY, clock))
                .check("last-run", () -> lastRun(s.lastRun()));
    }

    static Check lastRun(Optional<RetentionService.RunOutcome> run) {
        if (run.isEmpty()) {
            return Check.starting("no run has finished yet").optional();
        }
        RetentionService.RunOutcome r = run.get();
        return (r.succeeded() ? new Check(io.authstream.ops.CheckState.UP, "succeeded at " + r.at(), true)
                : Check.down("failed at " + r.at() + ": " + r.problem())).optional();
    }

    /** {@code kafka}: the last write went through; {@code management-api}: the last request was answered (token accepted). */
    static ComponentHealth pull(PullService s) {
        PullStats stats = s.puller().stats();
        return new ComponentHealth("pull")
                .check("kafka", () -> stats.kafkaProblem().isEmpty() ? Check.up() : Check.down(stats.kafkaProblem()))
                .check("management-api", () -> {
                    String p = stats.apiProblem();
                    return p == null ? Check.starting("no answer yet") : p.isEmpty() ? Check.up() : Check.down(p);
                })
                .fatalWhen(() -> s.failure() == null ? Optional.empty() : Optional.of("the puller stopped: " + s.failure().getMessage()));
    }
}
