package io.authstream.cli;

import io.authstream.pull.Backfill;
import io.authstream.pull.PullConfig;
import io.authstream.pull.PullService;
import io.authstream.pull.Sleeper;
import io.authstream.schemas.config.Config;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code authstream backfill}: a bounded pull from a time or log_id, with progress. */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = "Pulls a tenant's logs from --since (ISO time or log_id) until caught up or past --until, printing progress.")
final class BackfillCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, description = "Configuration file (pull.* and kafka.* keys, see docs/pull.md).")
    Path config;

    @Option(names = "--tenant", required = true, description = "Tenant label for the records (overrides pull.tenant).")
    String tenant;

    @Option(names = "--since", required = true, description = "ISO-8601 time (2026-11-30T08:00:00Z) or the log_id to start after.")
    String since;

    @Option(names = "--until", description = "ISO-8601 time to stop after (plus a 5-minute margin); default: until caught up.")
    Instant until;

    @Option(names = "--log-format", description = "console or json (default: console).")
    String logFormat;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Config c = Config.load(config).withDefaults(java.util.Map.of("pull.tenant", tenant));
        PullConfig cfg = PullConfig.from(c).withTenant(tenant);
        try (PullService service = PullService.create(cfg, true)) {
            Backfill.Progress done = new Backfill(service.puller(), Sleeper.SYSTEM, Clock.systemUTC(), Duration.ofSeconds(5))
                    .run(since, Optional.ofNullable(until), p -> {
                        out.println(String.format(Locale.ROOT, "backfill %s: %d pages, %d events, %d rejected, %.0f events/s%s%s",
                                tenant, p.pages(), p.events(), p.rejected(), p.eventsPerSecond(),
                                p.eta().map(e -> ", ETA " + e.toSeconds() + " s").orElse(""), p.done() ? " (done)" : ""));
                        out.flush();
                    });
            return done.done() ? 0 : 1;
        }
    }
}
