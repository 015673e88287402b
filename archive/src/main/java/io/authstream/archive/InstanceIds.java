package io.authstream.archive;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/** Default {@code group.instance.id}s: stable across restarts of the same host (or container, or pod). */
final class InstanceIds {
    private InstanceIds() {
    }

    /** {@code <role>-<host name>}, from {@code HOSTNAME} (containers set it) or the resolver. */
    static String forHost(String role) {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
        }
        return role + "-" + host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "_");
    }
}
