package io.authstream.cli;

import io.authstream.ops.ComponentHealth;
import io.authstream.ops.OpsAddress;
import io.authstream.ops.OpsMetrics;
import io.authstream.ops.OpsServer;

/**
 * A component's metrics and operations endpoint, as a command wires them: the registry first (the
 * component registers its meters in it), then the component, then the endpoint over its health.
 */
final class OpsEndpoint implements AutoCloseable {
    private final OpsMetrics metrics;
    private volatile OpsServer server;

    OpsEndpoint(String component) {
        this.metrics = OpsMetrics.create(component);
    }

    OpsMetrics metrics() {
        return metrics;
    }

    /** Starts serving {@code health} on {@code address}; returns this. */
    OpsEndpoint serve(OpsAddress address, ComponentHealth health) {
        server = OpsServer.start(address, health::snapshot, metrics::scrape);
        return this;
    }

    int port() {
        OpsServer s = server;
        return s == null ? -1 : s.port();
    }

    @Override
    public void close() {
        OpsServer s = server;
        if (s != null) {
            s.close();
        }
        metrics.close();
    }
}
