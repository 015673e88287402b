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

/** Breached password: {@code pwd_leak}, {@code signup_pwd_leak}, {@code reset_pwd_leak} → immediately, once per (user id, else user name; IP) per hour. */
public final class BreachedPassword implements Detection {
    public static final String NAME = "breached-password";
    private static final List<String> SUBJECTS = List.of(Subjects.USER_ID, Subjects.USER_NAME, Subjects.IP);
    private final ThresholdRule rule;
    private final Set<String> codes;
    private final boolean on;

    BreachedPassword(Knobs k) {
        on = k.enabled();
        codes = k.codes(Set.of("pwd_leak", "signup_pwd_leak", "reset_pwd_leak"));
        rule = Rules.threshold(k.quiet(), NAME, "Breached password used", 1, Duration.ofHours(1), AlertSeverity.HIGH, null, false,
                false, new Text());
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
        Map<String, String> group = new LinkedHashMap<>();
        group.put("user", ClassifiedEvent.orNone(e.stableUser())); // user_id when logged, else the user name
        group.put("ip", ClassifiedEvent.orNone(e.ip()));
        out.accept(e.signal(NAME, Signal.Kind.COUNT, group, Map.of("code", e.type()), SUBJECTS));
    }

    private record Text() implements RuleText {
        @Override
        public String summary(AlertFacts f) {
            return "Breached password (" + f.d("code", "pwd_leak") + ") for user " + f.g("user") + " from IP " + f.g("ip");
        }

        @Override
        public String runbook(AlertFacts f) {
            return "Auth0 breached password detection saw a leaked credential for " + f.g("user") + ": check whether it "
                    + "blocked the attempt (the tenant's breached-password response settings), make the user reset the "
                    + "password, and look for other failed logins from " + f.g("ip") + " (credential stuffing).";
        }
    }
}
