package io.authstream.archive;

import io.authstream.ops.ComponentHealth;
import io.authstream.ops.OpsAddress;
import io.authstream.ops.OpsMetrics;
import io.authstream.ops.OpsServer;
import io.authstream.schemas.catalogue.EventCatalogue;
import java.time.Clock;
import java.time.Duration;

/**
 * The archive as a service: the {@link Archiver}, the shared metrics and the shared operations
 * endpoint ({@code /health/live}, {@code /health/ready}, {@code /health/startup}, {@code /metrics})
 * on {@code archive.ops.host}:{@code archive.ops.port} (see docs/operations.md).
 * This is what {@code authstream archive} runs, and what {@code authstream local} can embed.
 */
public final class ArchiveService implements AutoCloseable {
    private final Archiver archiver;
    private final OpsServer ops;
    private final OpsMetrics metrics;
    private final ComponentHealth health;

    private ArchiveService(Archiver archiver, OpsServer ops, OpsMetrics metrics, ComponentHealth health) {
        this.archiver = archiver;
        this.ops = ops;
        this.metrics = metrics;
        this.health = health;
    }

    /** {@link #start(ArchiveConfig, String)} with the operations endpoint on loopback. */
    public static ArchiveService start(ArchiveConfig config) {
        return start(config, OpsAddress.DEFAULT_HOST);
    }

    /** Loads the catalogue (with its override file, if configured), starts the archive and its ops endpoint on {@code opsHost}. */
    public static ArchiveService start(ArchiveConfig config, String opsHost) {
        OpsMetrics metrics = OpsMetrics.create("archive");
        EventCatalogue catalogue = EventCatalogue.load(config.catalogueOverride().orElse(null));
        Archiver a = Archiver.start(config, catalogue, metrics.registry(), Clock.systemUTC(), Duration.ofMinutes(2));
        ComponentHealth health = ArchiveHealth.of(a::health);
        OpsServer ops = null;
        if (config.opsPort() >= 0) {
            try {
                ops = OpsServer.start(new OpsAddress(opsHost, config.opsPort()), health::snapshot, metrics::scrape);
            } catch (RuntimeException e) {
                a.close();
                metrics.close();
                throw e;
            }
        }
        return new ArchiveService(a, ops, metrics, health);
    }

    /** The archive's health in the shared model (what the ops endpoint answers). */
    public ComponentHealth health() {
        return health;
    }

    public Archiver archiver() {
        return archiver;
    }

    /** The ops endpoint's port, or -1 when disabled. */
    public int opsPort() {
        return ops == null ? -1 : ops.port();
    }

    public String scrape() {
        return metrics.scrape();
    }

    @Override
    public void close() {
        if (ops != null) {
            ops.close();
        }
        archiver.close();
        metrics.close();
    }
}
