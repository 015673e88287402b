package io.authstream.analyzer.detection;

import io.authstream.analyzer.engine.AlertFacts;
import io.authstream.analyzer.engine.ClassifiedEvent;
import io.authstream.analyzer.engine.RuleSpec;
import io.authstream.analyzer.engine.RuleText;
import io.authstream.analyzer.engine.Signal;
import io.authstream.analyzer.engine.Subjects;
import io.authstream.analyzer.engine.ThresholdRule;
import io.authstream.schemas.record.AlertSeverity;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Attack protection triggered: {@code limit_wc}, {@code limit_sul}, {@code limit_mu},
 * {@code limit_delegation}, {@code limit_phone}, {@code gd_otp_rate_limit_exceed},
 * {@code gd_recovery_rate_limit_exceed} per (tenant, stream, IP) ≥ 1 in 60 min.
 */
public final class AttackProtectionTriggered implements Detection {
    public static final String NAME = "attack-protection";
    static final Set<String> CODES = Set.of("limit_wc", "limit_sul", "limit_mu", "limit_delegation", "limit_phone",
            "gd_otp_rate_limit_exceed", "gd_recovery_rate_limit_exceed");
    private final ThresholdRule rule;
    private final Set<String> codes;
    private final boolean on;

    AttackProtectionTriggered(Knobs k) {
        on = k.enabled();
        codes = k.codes(CODES);
        rule = Rules.threshold(k.quiet(), NAME, "Attack Protection triggered", 1, Duration.ofMinutes(60), AlertSeverity.WARNING,
                "10:high", true, false, new Text());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<RuleSpec> rules() {
        return on ? List.of(rule) : List.of();
    }

    @Override
    public void signals(ClassifiedEvent e, Consumer<Signal> out) {
        if (!on || !codes.contains(e.type())) {
            return;
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("code", e.type());
        attrs.put("description", e.event().description().orElse(null));
        out.accept(e.signal(NAME, Signal.Kind.COUNT, Map.of("ip", ClassifiedEvent.orNone(e.ip())), attrs,
                List.of(Subjects.IP)));
    }

    private record Text() implements RuleText {
        @Override
        public String summary(AlertFacts f) {
            return "Auth0 Attack Protection acted " + f.count() + " time(s) against IP " + f.g("ip") + " in "
                    + f.windowText() + " (last: " + f.d("code", "?") + ")";
        }

        @Override
        public String runbook(AlertFacts f) {
            return "Auth0 already blocked or throttled " + f.g("ip") + " (" + f.d("code", "?") + "): confirm the block is "
                    + "wanted (not a corporate NAT or an allow-listed partner), look for failed logins from the same IP, "
                    + "and unblock via the Management API user-blocks endpoints if it is legitimate.";
        }
    }
}
