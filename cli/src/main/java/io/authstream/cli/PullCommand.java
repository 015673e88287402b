package io.authstream.cli;

import io.authstream.ops.OpsAddress;
import io.authstream.pull.PullConfig;
import io.authstream.pull.PullService;
import io.authstream.schemas.config.Config;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code authstream pull}: pulls one tenant's logs from the Management API into Kafka, until Ctrl-C or SIGTERM. */
@Command(name = "pull", mixinStandardHelpOptions = true,
        description = "Pulls Auth0 logs from GET /api/v2/logs (checkpoint paging) into auth0-log-events, until stopped.")
final class PullCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(PullCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    ComponentOptions options;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Config c = Config.load(options.config);
        PullConfig cfg = PullConfig.from(c);
        OpsAddress opsAddress = OpsKeys.address(c, "pull");
        if (options.printConfig) {
            out.println(cfg);
            out.flush();
            return 0;
        }
        LOG.info("Starting pull with {}", cfg);
        OpsEndpoint ops = new OpsEndpoint("pull");
        PullService service;
        try {
            service = PullService.start(cfg);
        } catch (RuntimeException e) {
            ops.close();
            throw e;
        }
        try {
            ops.serve(opsAddress, HealthChecks.pull(service));
        } catch (RuntimeException e) {
            service.close();
            ops.close();
            throw e;
        }
        out.println("authstream pull: " + cfg.domain() + "/api/v2/logs → " + cfg.topics().events().name() + " (tenant " + cfg.tenant()
                + "); operations on http://" + opsAddress.host() + ":" + ops.port() + "/health/ready and /metrics");
        out.flush();
        UntilStopped.await("pull", () -> {
            service.close();
            ops.close();
        });
        return service.failure() == null ? 0 : 1;
    }
}
