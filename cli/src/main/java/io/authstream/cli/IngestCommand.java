package io.authstream.cli;

import io.authstream.ingest.IngestConfig;
import io.authstream.ingest.IngestServer;
import io.authstream.schemas.config.Config;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code authstream ingest}: the Auth0 log-stream webhook receiver, until Ctrl-C or SIGTERM (then a graceful stop). */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Receives Auth0 log streams (Custom Webhook) on POST /v1/auth0/{stream} and produces every event to Kafka.")
final class IngestCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(IngestCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    ComponentOptions options;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        IngestConfig cfg = IngestConfig.from(Config.load(options.config));
        if (options.printConfig) {
            out.println(cfg);
            out.flush();
            return 0;
        }
        LOG.info("Starting ingest with {}", cfg);
        IngestServer server = IngestServer.start(cfg);
        out.println("authstream ingest: POST " + server.baseUri() + "{stream} (operations on port " + server.opsPort() + ")");
        out.flush();
        // Closing finishes requests in flight (up to ingest.shutdown-timeout).
        UntilStopped.await("ingest", server);
        return 0;
    }
}
