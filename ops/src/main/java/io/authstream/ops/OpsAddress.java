package io.authstream.ops;

/**
 * Where a component's operations endpoint listens. Components read it from
 * {@code <prefix>.ops.host} (default: the global {@code ops.host}, default loopback: secure by
 * default; containers set {@code AUTHSTREAM_OPS_HOST=0.0.0.0}) and {@code <prefix>.ops.port}.
 *
 * @param port 0 picks a free port
 */
public record OpsAddress(String host, int port) {
    /** The global key every component's {@code <prefix>.ops.host} defaults to. */
    public static final String GLOBAL_HOST_KEY = "ops.host";
    public static final String DEFAULT_HOST = "127.0.0.1";

    public OpsAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the operations host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the operations port must be between 0 and 65535, was " + port);
        }
    }
}
