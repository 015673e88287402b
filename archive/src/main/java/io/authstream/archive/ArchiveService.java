package io.authstream.archive;

import io.authstream.schemas.catalogue.EventCatalogue;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;

/**
 * The archive as a service: the {@link Archiver}, a Prometheus registry and the ops endpoint
 * ({@code /health/live}, {@code /health/ready}, {@code /metrics}) on {@code archive.ops.port}.
 * This is what {@code authstream archive} runs, and what {@code authstream local} can embed.
 */
public final class ArchiveService implements AutoCloseable {
    private final Archiver archiver;
    private final OpsServer ops;
    private final PrometheusMeterRegistry registry;

    private ArchiveService(Archiver archiver, OpsServer ops, PrometheusMeterRegistry registry) {
        this.archiver = archiver;
        this.ops = ops;
        this.registry = registry;
    }

    /** Loads the catalogue (with its override file, if configured), starts the archive and its ops endpoint. */
    public static ArchiveService start(ArchiveConfig config) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        EventCatalogue catalogue = EventCatalogue.load(config.catalogueOverride().orElse(null));
        Archiver a = Archiver.start(config, catalogue, registry, Clock.systemUTC(), Duration.ofMinutes(2));
        OpsServer ops = null;
        if (config.opsPort() >= 0) {
            try {
                ops = OpsServer.start("0.0.0.0", config.opsPort(), a::health, registry::scrape);
            } catch (IOException e) {
                a.close();
                throw new UncheckedIOException("cannot open the archive ops port " + config.opsPort(), e);
            }
        }
        return new ArchiveService(a, ops, registry);
    }

    public Archiver archiver() {
        return archiver;
    }

    /** The ops endpoint's port, or -1 when disabled. */
    public int opsPort() {
        return ops == null ? -1 : ops.port();
    }

    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        if (ops != null) {
            ops.close();
        }
        archiver.close();
        registry.close();
    }
}
