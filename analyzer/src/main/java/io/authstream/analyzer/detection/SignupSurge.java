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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Signup surge: {@code ss}, {@code fs}, {@code signup_pwd_leak} per (tenant, stream, source IP) ≥ 20 in any 1 h. */
public final class SignupSurge implements Detection {
    public static final String NAME = "signup-surge";
    private final ThresholdRule rule;
    private final Set<String> codes;
    private final boolean on;

    SignupSurge(Knobs k) {
        on = k.enabled();
        codes = k.codes(Set.of("ss", "fs", "signup_pwd_leak"));
        rule = Rules.threshold(k, NAME, "Signup surge", 20, Duration.ofHours(1), AlertSeverity.HIGH, null, true, false,
                new Text());
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
        if (on && codes.contains(e.type()) && e.ip() != null) {
            out.accept(e.signal(NAME, Signal.Kind.COUNT, Map.of("ip", e.ip()), Map.of("last_code", e.type()),
                    List.of(Subjects.IP)));
        }
    }

    private record Text() implements RuleText {
        @Override
        public String summary(AlertFacts f) {
            return f.count() + " signups (ss/fs/signup_pwd_leak) from IP " + f.g("ip") + " for " + f.evidence().distinctUsers()
                    + " accounts in " + f.windowText();
        }

        @Override
        public String runbook(AlertFacts f) {
            return "Fake-account or signup attack from " + f.g("ip") + ": check whether suspicious IP throttling "
                    + "(50 signups/min per IP) blocked it (limit_mu), look at the e-mail domains of the new accounts, "
                    + "and consider bot detection on signup.";
        }
    }
}
