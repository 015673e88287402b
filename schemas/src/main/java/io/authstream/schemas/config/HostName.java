package io.authstream.schemas.config;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Locale;

/**
 * This host's name, for audit entries, locks and Kafka's static group membership: from
 * {@code HOSTNAME} (containers and pods set it), else the resolver, never a hang on DNS.
 */
public final class HostName {
    private HostName() {
    }

    /** The host name as the system gives it. */
    public static String name() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) {
            return h.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /**
     * {@code <role>-<host name>}, lower-cased with anything but {@code a-z0-9._-} replaced: a
     * {@code group.instance.id} that stays the same across restarts of one host, container or pod.
     */
    public static String instanceId(String role) {
        return role + "-" + name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "_");
    }
}
