package io.authstream.cli;

import io.authstream.archive.ArchiveConfig;
import io.authstream.archive.ArchiveService;
import io.authstream.archive.Archiver;
import io.authstream.schemas.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code authstream archive}: Kafka → Elasticsearch forensic archive. Wiring only. */
@Command(name = "archive", mixinStandardHelpOptions = true,
        description = "Archives Auth0 events (and alerts) from Kafka into Elasticsearch, exactly once by log_id. See docs/archive.md.")
final class ArchiveCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveCommand.class);

    @Option(names = "--config", description = "Configuration file (YAML or properties); AUTHSTREAM_* variables override it.")
    Path config;

    @Option(names = "--log-format", description = "console or json (default: console).")
    String logFormat;

    @Override
    public Integer call() throws InterruptedException {
        Config c = Config.load(config);
        ArchiveConfig cfg = ArchiveConfig.from(c);
        String opsHost = OpsKeys.host(c, "archive");
        LOG.info("Starting the archive with {}", cfg);
        ArchiveService service = ArchiveService.start(cfg, opsHost);
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "authstream-archive-shutdown"));
        if (service.opsPort() > 0) {
            LOG.info("Archive operations endpoint on http://{}:{} (/health/live, /health/ready, /health/startup, /metrics)",
                    opsHost, service.opsPort());
        }
        try {
            service.archiver().awaitStopped(Duration.ofDays(36500));
        } catch (InterruptedException e) {
            // stopped from inside the JVM (tests, embedding): close what was started, like the other commands
            service.close();
            Thread.currentThread().interrupt();
            return 0;
        }
        Archiver.Health h = service.archiver().health();
        if (h.failure() != null) {
            LOG.error("The archive stopped: {}", h.failure());
            return 1;
        }
        return 0;
    }
}
