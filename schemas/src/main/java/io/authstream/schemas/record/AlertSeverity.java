package io.authstream.schemas.record;

import java.util.Arrays;
import java.util.Locale;

/** How urgent an alert is, lowest first; routing compares with {@link #atLeast}. */
public enum AlertSeverity {
    INFO, WARNING, HIGH, CRITICAL;

    /** The lower-case name used in JSON and configuration. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean atLeast(AlertSeverity other) {
        return compareTo(other) >= 0;
    }

    public static AlertSeverity fromId(String id) {
        return Arrays.stream(values()).filter(s -> s.id().equals(id.strip().toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown severity '" + id + "' (info, warning, high, critical)"));
    }
}
