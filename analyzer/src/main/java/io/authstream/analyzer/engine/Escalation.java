package io.authstream.analyzer.engine;

import io.authstream.schemas.record.AlertSeverity;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The severity of an alert given what it has seen; it may only rise while the alert is open. */
@FunctionalInterface
public interface Escalation {
    AlertSeverity severity(AlertSeverity base, Evidence evidence);

    /** Base severity, raised to {@code steps.get(n)} once the count reaches {@code n}. */
    static Escalation byCount(Map<Long, AlertSeverity> steps) {
        TreeMap<Long, AlertSeverity> sorted = new TreeMap<>(steps);
        return (base, ev) -> {
            AlertSeverity s = base;
            for (Map.Entry<Long, AlertSeverity> e : sorted.headMap(ev.count(), true).entrySet()) {
                if (e.getValue().compareTo(s) > 0) {
                    s = e.getValue();
                }
            }
            return s;
        };
    }

    static Escalation none() {
        return (base, ev) -> base;
    }

    /** Parses {@code 10:high,50:critical}. */
    static Map<Long, AlertSeverity> parseSteps(String key, String text) {
        Map<Long, AlertSeverity> out = new TreeMap<>();
        for (String part : List.of(text.split(","))) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            String[] kv = p.split(":");
            try {
                long n = Long.parseLong(kv[0].strip());
                if (kv.length != 2 || n <= 0) {
                    throw new IllegalArgumentException();
                }
                out.put(n, AlertSeverity.fromId(kv[1]));
            } catch (RuntimeException e) {
                throw new io.authstream.schemas.config.ConfigException(
                        key + " must look like 10:high,50:critical (count:severity, counts positive), was '" + text + "'.");
            }
        }
        return out;
    }
}
