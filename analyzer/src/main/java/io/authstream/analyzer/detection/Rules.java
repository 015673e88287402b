package io.authstream.analyzer.detection;

import io.authstream.analyzer.engine.Escalation;
import io.authstream.analyzer.engine.RuleText;
import io.authstream.analyzer.engine.ThresholdRule;
import io.authstream.schemas.record.AlertSeverity;
import java.time.Duration;

/** Builds threshold rules from knobs with a detection's defaults. */
final class Rules {
    private Rules() {
    }

    static ThresholdRule threshold(Knobs k, String id, String title, long threshold, Duration window,
                                   AlertSeverity severity, String steps, boolean users, boolean ips, RuleText text) {
        Duration w = k.window(window);
        Escalation esc = steps == null ? Escalation.none() : Escalation.byCount(k.steps(steps));
        return new ThresholdRule(id, title, w, k.grace(), k.threshold(threshold), k.severity(severity), esc,
                k.updates(), users, ips, text, ThresholdRule.Counted.EVENTS, null, k.maxGroups());
    }
}
