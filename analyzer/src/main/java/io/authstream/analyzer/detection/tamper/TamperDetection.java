package io.authstream.analyzer.detection.tamper;

import io.authstream.analyzer.detection.Detection;
import io.authstream.analyzer.engine.AlertFacts;
import io.authstream.analyzer.engine.ClassifiedEvent;
import io.authstream.analyzer.engine.Escalation;
import io.authstream.analyzer.engine.RuleSpec;
import io.authstream.analyzer.engine.RuleText;
import io.authstream.analyzer.engine.Signal;
import io.authstream.analyzer.engine.ThresholdRule;
import io.authstream.schemas.record.AlertSeverity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Common shape of the configuration-tampering detections: a single-event rule (threshold 1,
 * once per tenant, stream, acting user/client, changed target and kind of change per window,
 * default 1 h: the same toggle repeated within the hour is one alert with a count) fed by
 * {@link #inspect}. The alert's severity is the highest of the configured floor and what the change
 * itself warrants (e.g. critical for disabling brute-force protection); its details cite the
 * {@code log_id}, method, path and the changed field values.
 */
abstract class TamperDetection implements Detection {
    /** Signal attribute carrying the change's own severity (read by the escalation). */
    static final String CHANGE_SEVERITY = "change_severity";
    private final String name;
    private final String title;
    private final boolean on;
    private final ThresholdRule rule;

    TamperDetection(Settings s, String title) {
        this.name = s.name();
        this.title = title;
        this.on = s.enabled();
        Escalation esc = (base, ev) -> {
            String v = ev.attrs().get(CHANGE_SEVERITY);
            AlertSeverity c = v == null ? base : AlertSeverity.fromId(v);
            return c.compareTo(base) > 0 ? c : base;
        };
        this.rule = new ThresholdRule(name, title, s.window(Duration.ofHours(1)), s.grace(), 1,
                s.severity("severity", AlertSeverity.HIGH), esc, false, false, false, new Text());
    }

    /** What this call weakened, or null / empty when it is not this detection's business. */
    abstract Change inspect(ApiChange c);

    /** The runbook hint for an alert of this detection. */
    abstract String runbook(AlertFacts f);

    /** Extra facts for the alert's details (at most one or two keys: details keep 8 attributes). */
    Map<String, String> extra(ApiChange c, Change ch) {
        return Map.of();
    }

    /** Summary suffix (e.g. the stream-silence hint); empty by default. */
    String note(AlertFacts f) {
        return "";
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<RuleSpec> rules() {
        return on ? List.of(rule) : List.of();
    }

    /** The rules of this detection besides the single-event one (the tenant-takeover chain). */
    List<RuleSpec> moreRules() {
        return List.of();
    }

    @Override
    public void signals(ClassifiedEvent e, Consumer<Signal> out) {
        if (!on) {
            return;
        }
        ApiChange c = ApiChange.of(e);
        if (c == null || !c.succeeded()) {
            return;
        }
        Change ch = inspect(c);
        if (ch == null || ch.isEmpty()) {
            return;
        }
        Map<String, String> group = new LinkedHashMap<>();
        group.put("actor", c.actor());
        group.put("target", ch.target);
        group.put("change", ch.findings());
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("change", ch.findings());
        attrs.put("changed", ch.values());
        attrs.put("method", c.method);
        attrs.put("path", c.path);
        attrs.put("log_id", e.logId());
        attrs.put(CHANGE_SEVERITY, ch.severity().id());
        attrs.put("channel", c.channel().isEmpty() ? null : c.channel());
        attrs.putAll(extra(c, ch));
        out.accept(e.signal(name, Signal.Kind.COUNT, group, attrs));
    }

    static String join(List<String> l) {
        return String.join(",", l);
    }

    static List<String> minus(List<String> l, java.util.Set<String> known) {
        List<String> out = new ArrayList<>();
        for (String x : l) {
            if (!known.contains(x)) {
                out.add(x);
            }
        }
        return out;
    }

    private final class Text implements RuleText {
        @Override
        public String summary(AlertFacts f) {
            return title + ": " + f.g("change") + " on " + f.g("target") + " by " + f.g("actor")
                    + " (" + f.d("method", "?") + " " + f.d("path", "?") + ", log_id " + f.d("log_id", "?") + ")" + note(f);
        }

        @Override
        public String runbook(AlertFacts f) {
            return TamperDetection.this.runbook(f) + " Confirm with " + f.g("actor") + " that the change was intended;"
                    + " if not, revert it, rotate the actor's credentials and review its other Management API calls"
                    + " (type sapi) in the archive.";
        }
    }
}
