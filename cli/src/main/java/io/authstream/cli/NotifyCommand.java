package io.authstream.cli;

import io.authstream.analyzer.notify.Notifier;
import io.authstream.analyzer.notify.NotifierConfig;
import io.authstream.ops.OpsAddress;
import io.authstream.schemas.config.Config;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code authstream notify}: delivers auth0-alerts to Slack, PagerDuty, webhooks or the console, until Ctrl-C or SIGTERM. */
@Command(name = "notify", mixinStandardHelpOptions = true,
        description = "Consumes auth0-alerts and delivers them to the configured destinations (Slack, PagerDuty, webhook, console).")
final class NotifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ComponentOptions options;

    @Option(names = "--from-beginning", description = "Kept for compatibility: a new consumer group always starts at the oldest "
            + "alert, and alerts older than notifier.max-age that were never sent are skipped.")
    boolean fromBeginning;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Config c = Config.load(options.config);
        NotifierConfig cfg = NotifierConfig.from(c);
        OpsAddress opsAddress = OpsKeys.address(c, "notifier");
        if (options.printConfig) {
            out.println(cfg);
            out.flush();
            return 0;
        }
        OpsEndpoint ops = new OpsEndpoint("notifier");
        Notifier notifier;
        try {
            notifier = Notifier.builder(cfg, ops.metrics().registry()).start();
        } catch (RuntimeException e) {
            ops.close();
            throw e;
        }
        try {
            ops.serve(opsAddress, HealthChecks.notifier(notifier, cfg, ops.metrics().registry()));
        } catch (RuntimeException e) {
            notifier.close();
            ops.close();
            throw e;
        }
        out.println("authstream notify: " + cfg.topics().alerts().name() + " -> " + cfg.destinations() + "; operations on http://"
                + opsAddress.host() + ":" + ops.port() + "/health/ready and /metrics");
        out.flush();
        // Closing finishes deliveries in flight (up to 5 s). A notifier whose thread died exits non-zero, to be restarted.
        Optional<String> reason = UntilStopped.awaitOrFatal("notifier", () -> {
            notifier.close();
            ops.close();
        },
                () -> notifier.isRunning() ? Optional.empty() : Optional.of("its consumer thread has stopped"), UntilStopped.CHECK_EVERY);
        return reason.isPresent() ? 1 : 0;
    }
}
