package io.authstream.cli;

import io.authstream.ops.OpsAddress;
import io.authstream.ops.OpsPorts;
import io.authstream.schemas.config.Config;
import io.authstream.schemas.config.ConfigException;

/**
 * Where a component's operations endpoint listens: {@code <prefix>.ops.host} (default
 * {@code ops.host}, default loopback) and {@code <prefix>.ops.port} (default from
 * {@link io.authstream.ops.OpsPorts}; 0 picks a free port). Ingest and archive read their own
 * port keys in their configuration classes; the host is read here for archive.
 */
final class OpsKeys {
    private OpsKeys() {
    }

    static String host(Config c, String prefix) {
        String host = c.string(prefix + ".ops.host", c.string(OpsAddress.GLOBAL_HOST_KEY, OpsAddress.DEFAULT_HOST));
        if (host.isBlank()) {
            throw new ConfigException(prefix + ".ops.host must be a host name or address, e.g. 127.0.0.1 or 0.0.0.0, was empty.");
        }
        return host;
    }

    /** The default port of the components whose port is read here. */
    static int defaultPort(String prefix) {
        return switch (prefix) {
            case "analyzer" -> OpsPorts.ANALYZER;
            case "notifier" -> OpsPorts.NOTIFIER;
            case "retention" -> OpsPorts.RETENTION;
            case "pull" -> OpsPorts.PULL;
            default -> throw new IllegalArgumentException("no operations port default for " + prefix);
        };
    }

    static OpsAddress address(Config c, String prefix) {
        int port = c.integer(prefix + ".ops.port", defaultPort(prefix));
        if (port < 0 || port > 65535) {
            throw new ConfigException(prefix + ".ops.port must be a port number or 0 (a free port), was " + port + ".");
        }
        return new OpsAddress(host(c, prefix), port);
    }
}
