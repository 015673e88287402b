package io.authstream.analyzer.detection.tamper;

import io.authstream.schemas.record.AlertSeverity;
import java.util.ArrayList;
import java.util.List;

/**
 * What one Management API call weakened: the thing changed ({@code target}, e.g. a feature or a
 * client id), each finding ("disabled", "blocking removed") with its severity, and the changed
 * field values as evidence. Empty when the call weakened nothing (a re-enable, a benign edit).
 */
final class Change {
    final String target;
    private final List<String> findings = new ArrayList<>(2);
    private final List<String> values = new ArrayList<>(2);
    private AlertSeverity severity = AlertSeverity.INFO;

    Change(String target) {
        this.target = target;
    }

    Change add(String finding, AlertSeverity s, String changedValues) {
        findings.add(finding);
        if (changedValues != null && !changedValues.isEmpty()) {
            values.add(changedValues);
        }
        if (s.compareTo(severity) > 0) {
            severity = s;
        }
        return this;
    }

    boolean isEmpty() {
        return findings.isEmpty();
    }

    String findings() {
        return String.join(", ", findings);
    }

    String values() {
        return String.join("; ", values);
    }

    AlertSeverity severity() {
        return severity;
    }
}
