package io.authstream.retention.enforce;

import java.net.InetAddress;

/** This host's name for the audit trail and the lock, without a DNS lookup that could hang. */
public final class Hosts {
    private Hosts() {
    }

    public static String name() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) {
            return h;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown-host";
        }
    }
}
