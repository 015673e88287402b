package io.authstream.cli;

import io.authstream.analyzer.Analyzer;
import io.authstream.analyzer.AnalyzerConfig;
import io.authstream.analyzer.notify.Notifier;
import io.authstream.analyzer.notify.NotifierConfig;
import io.authstream.ops.OpsAddress;
import io.authstream.schemas.config.Config;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code authstream analyze}: the detections topology (Kafka Streams), until Ctrl-C or SIGTERM. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Runs the detections on auth0-log-events and writes alerts to auth0-alerts (exactly-once).")
final class AnalyzeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ComponentOptions options;

    @Option(names = "--with-notifier", description = "Also run the notifier in this process (it can run separately: authstream notify).")
    boolean withNotifier;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Config c = Config.load(options.config);
        AnalyzerConfig cfg = AnalyzerConfig.from(c);
        NotifierConfig ncfg = withNotifier ? NotifierConfig.from(c) : null;
        OpsAddress opsAddress = OpsKeys.address(c, "analyzer");
        if (options.printConfig) {
            out.println(cfg);
            if (ncfg != null) {
                out.println(ncfg);
            }
            out.flush();
            return 0;
        }
        OpsEndpoint ops = new OpsEndpoint("analyzer");
        MeterRegistry registry = ops.metrics().registry();
        Analyzer analyzer;
        try {
            analyzer = Analyzer.start(cfg, registry);
        } catch (RuntimeException e) {
            ops.close();
            throw e;
        }
        Notifier notifier;
        try {
            notifier = ncfg == null ? null : Notifier.start(ncfg, registry);
            ops.serve(opsAddress, HealthChecks.analyzer(analyzer, notifier, ncfg, registry));
        } catch (RuntimeException e) {
            analyzer.close();
            ops.close();
            throw e;
        }
        out.println("authstream analyze: " + cfg.rules().size() + " rules on " + cfg.topics().events().name() + " -> "
                + cfg.topics().alerts().name() + (notifier == null ? "" : " (notifier on)") + "; operations on http://"
                + opsAddress.host() + ":" + ops.port() + "/health/ready and /metrics");
        out.flush();
        Optional<String> reason = UntilStopped.awaitOrFatal("analyzer", () -> {
            if (notifier != null) {
                notifier.close();
            }
            analyzer.close();
            ops.close();
        }, () -> fatal(analyzer.state().name(), notifier == null || notifier.isRunning()), UntilStopped.CHECK_EVERY);
        return reason.isPresent() ? 1 : 0;
    }

    /**
     * Why the analyzer cannot go on, if it cannot: Kafka Streams in ERROR or PENDING_ERROR (every
     * stream thread died), or stopped (NOT_RUNNING, PENDING_SHUTDOWN) though no one asked it to; or
     * the in-process notifier's thread has ended. Restarting the process is the cure for all.
     */
    static Optional<String> fatal(String streamsState, boolean notifierRunning) {
        return switch (streamsState) {
            case "ERROR", "PENDING_ERROR" -> Optional.of("Kafka Streams is in state " + streamsState);
            case "NOT_RUNNING", "PENDING_SHUTDOWN" -> Optional.of("Kafka Streams stopped unexpectedly (state " + streamsState + ")");
            default -> notifierRunning ? Optional.empty() : Optional.of("the notifier thread has stopped");
        };
    }
}
