package io.authstream.cli;

import io.authstream.ingest.IngestConfig;
import io.authstream.ingest.IngestServer;
import io.authstream.schemas.config.Config;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code authstream ingest}: the Auth0 log-stream webhook receiver, until Ctrl-C or SIGTERM (then a graceful stop). */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Receives Auth0 log streams (Custom Webhook) on POST /v1/auth0/{stream} and produces every event to Kafka.")
final class IngestCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(IngestCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, description = "Configuration file, YAML or properties (keys in docs/ingest.md); "
            + "AUTHSTREAM_* environment variables override it.")
    Path config;

    @Option(names = "--print-config", description = "Print the effective configuration (secrets masked) and exit.")
    boolean printConfig;

    @Option(names = "--log-format", description = "console or json (default: console).")
    String logFormat;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        IngestConfig cfg = IngestConfig.from(Config.load(config));
        if (printConfig) {
            out.println(cfg);
            out.flush();
            return 0;
        }
        LOG.info("Starting ingest with {}", cfg);
        IngestServer server = IngestServer.start(cfg);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            LOG.info("Stopping ingest: finishing requests in flight (up to {})", cfg.shutdownTimeout());
            server.close();
            stopped.countDown();
        }, "authstream-ingest-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("authstream ingest: POST " + server.baseUri() + "{stream} (operations on port " + server.opsPort() + ")");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            // Stopped from inside the JVM (tests, embedding): stop as the hook would.
            Runtime.getRuntime().removeShutdownHook(hook);
            server.close();
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
