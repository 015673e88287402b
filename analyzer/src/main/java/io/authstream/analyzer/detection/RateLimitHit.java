package io.authstream.analyzer.detection;

import io.authstream.analyzer.engine.ClassifiedEvent;
import io.authstream.analyzer.engine.RuleSpec;
import io.authstream.analyzer.engine.RuleText;
import io.authstream.analyzer.engine.Signal;
import io.authstream.analyzer.engine.Subjects;
import io.authstream.analyzer.engine.AlertFacts;
import io.authstream.analyzer.engine.ThresholdRule;
import io.authstream.schemas.record.AlertSeverity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Rate limit hit: {@code api_limit} per (tenant, stream, client, API, bucket) ≥ 1 in any 5 min, severity
 * rising with the count; {@code api_limit_warning} (80 % of a bucket) → warning; {@code appi} /
 * {@code elevated_rate_limit} (burst allowance in use) → info.
 */
public final class RateLimitHit implements Detection {
    public static final String NAME = "rate-limit";
    private final ThresholdRule hit;
    private final ThresholdRule warning;
    private final ThresholdRule burst;
    private final Set<String> hitCodes;
    private final Set<String> warningCodes;
    private final Set<String> burstCodes;
    private final List<RuleSpec> rules = new ArrayList<>();

    RateLimitHit(Knobs k) {
        boolean on = k.enabled();
        hitCodes = k.codes(Set.of("api_limit"));
        hit = Rules.threshold(k.quiet(), "rate-limit", "Rate limit hit (HTTP 429)", 1, Duration.ofMinutes(5), AlertSeverity.WARNING,
                "10:high,50:critical", false, false, new Text("hit"));
        Knobs w = k.sub("warning");
        warningCodes = w.codes(Set.of("api_limit_warning"));
        warning = Rules.threshold(w.quiet(), "rate-limit-warning", "Rate limit nearly reached (80 %)", 1, Duration.ofMinutes(5),
                AlertSeverity.WARNING, null, false, false, new Text("warning"));
        Knobs b = k.sub("burst");
        burstCodes = b.codes(Set.of("appi", "elevated_rate_limit"));
        burst = Rules.threshold(b.quiet(), "rate-limit-burst", "Burst rate-limit allowance in use", 1, Duration.ofHours(1),
                AlertSeverity.INFO, null, false, false, new Text("burst"));
        if (on) {
            rules.add(hit);
            if (w.enabled()) {
                rules.add(warning);
            }
            if (b.enabled()) {
                rules.add(burst);
            }
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<RuleSpec> rules() {
        return rules;
    }

    @Override
    public void signals(ClassifiedEvent e, Consumer<Signal> out) {
        String type = e.type();
        String rule = hitCodes.contains(type) ? hit.id() : warningCodes.contains(type) ? warning.id()
                : burstCodes.contains(type) ? burst.id() : null;
        if (rule == null || rules.stream().noneMatch(r -> r.id().equals(rule))) {
            return;
        }
        String path = e.detail("request", "path");
        String bucket = e.detail("limit", "bucket");
        Map<String, String> group = new LinkedHashMap<>();
        group.put("client_id", ClassifiedEvent.orNone(e.clientId()));
        group.put("api", api(path, bucket));
        if (!rule.equals(burst.id())) {
            group.put("bucket", ClassifiedEvent.orNone(bucket));
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("client_name", e.event().clientName().orElse(null));
        attrs.put("path", path);
        attrs.put("limit_size", e.detail("limit", "size"));
        attrs.put("limit_usage", e.detail("limit", "usage"));
        attrs.put("limit_global", e.detail("limit", "global"));
        out.accept(e.signal(rule, Signal.Kind.COUNT, group, attrs, Subjects.CLIENT));
    }

    /** Management API or Authentication API, told apart by the request path or bucket name. */
    static String api(String path, String bucket) {
        String p = path == null ? "" : path;
        String b = bucket == null ? "" : bucket;
        if (p.startsWith("/api/v2") || b.contains("api/v2") || b.contains("management") || b.contains("mgmt")) {
            return "management";
        }
        if (p.isEmpty() && b.isEmpty()) {
            return "unknown";
        }
        return "authentication";
    }

    private record Text(String kind) implements RuleText {
        @Override
        public String summary(AlertFacts f) {
            String who = "client " + f.g("client_id") + " (" + f.d("client_name", "unnamed") + ")";
            return switch (kind) {
                case "hit" -> f.count() + " rate-limit hit(s) (HTTP 429) on the " + f.g("api") + " API, bucket "
                        + f.g("bucket") + ", by " + who + " in " + f.windowText();
                case "warning" -> who + " used " + f.d("limit_usage", "?") + " of " + f.d("limit_size", "?")
                        + " requests of the " + f.g("api") + " API bucket " + f.g("bucket");
                default -> who + " is using the burst rate-limit allowance";
            };
        }

        @Override
        public String runbook(AlertFacts f) {
            return "Find what " + f.g("client_id") + " is calling (path " + f.d("path", "?") + ") and why it speeds up: "
                    + Texts.CHANGES + "; a Management API client should cache tokens and back off on 429 "
                    + "(X-RateLimit-Reset). " + Texts.STATUS + ".";
        }
    }
}
