package io.authstream.analyzer.engine;

import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertSeverity;
import io.authstream.schemas.record.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds {@link Alert} records from an open alert and the rule's wording. */
final class AlertWriter {
    private AlertWriter() {
    }

    static Alert write(String rule, String title, RuleText text, ActiveAlert a, AlertState state, AlertSeverity severity,
                       long count, long threshold, Duration window, boolean users, boolean ips,
                       Map<String, String> extraDetails, long now) {
        Evidence ev = a.evidence();
        Map<String, String> details = new LinkedHashMap<>(ev.attrs());
        if (ev.successes() > 0) {
            details.put("successes", Long.toString(ev.successes()));
        }
        if (text.reportsBlocks()) {
            details.put("attack_protection_blocked", Boolean.toString(ev.blocked() > 0));
        }
        if (users && ev.usersSaturated()) {
            details.put("distinct_users_at_least", "true");
        }
        details.putAll(extraDetails);
        AlertFacts f = new AlertFacts(rule, a.tenant(), a.stream(), a.group(), count, threshold, window, severity, ev,
                details);
        String key = Signal.keyOf(rule, a.tenant(), a.stream(), a.group());
        return new Alert(a.id(), key, rule, title, severity, state, state == AlertState.FIRING ? 0 : a.revision() + 1,
                a.tenant(), a.stream(), a.group(), Instant.ofEpochMilli(a.windowStart()), Instant.ofEpochMilli(a.trackedEnd()),
                count, threshold, users ? ev.distinctUsers() : null, ips ? ev.distinctIps() : null,
                ev.hasEvents() ? Instant.ofEpochMilli(ev.firstTime()) : null,
                ev.hasEvents() ? Instant.ofEpochMilli(ev.lastTime()) : null, ev.samples(),
                (state == AlertState.RESOLVED ? "Resolved: " : "") + text.summary(f), text.runbook(f), details,
                Instant.ofEpochMilli(now), ev.subjects());
    }
}
