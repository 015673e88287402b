package io.authstream.analyzer.engine;

import io.authstream.schemas.record.AlertSeverity;
import java.time.Duration;
import java.util.Map;

/**
 * What a detection may use to word an alert.
 *
 * @param window the rule's window (for anomaly rules the bucket, for silence the silence limit)
 */
public record AlertFacts(String rule, String tenant, String stream, Map<String, String> group, long count,
                         long threshold, Duration window, AlertSeverity severity, Evidence evidence,
                         Map<String, String> details) {
    /** A group field or {@code "(none)"}. */
    public String g(String name) {
        return group.getOrDefault(name, "(none)");
    }

    /** A detail or attribute, or {@code dflt}. */
    public String d(String name, String dflt) {
        String v = details.get(name);
        return v != null ? v : evidence.attrs().getOrDefault(name, dflt);
    }

    /** {@code 1h}, {@code 10m}, {@code 90s}: compact window text for summaries. */
    public String windowText() {
        return text(window);
    }

    public static String text(Duration d) {
        long s = d.toSeconds();
        if (s % 86400 == 0) {
            return s / 86400 + "d";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
