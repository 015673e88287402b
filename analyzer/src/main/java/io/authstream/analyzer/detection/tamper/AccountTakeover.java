package io.authstream.analyzer.detection.tamper;

import io.authstream.analyzer.detection.Detection;
import io.authstream.analyzer.engine.AlertFacts;
import io.authstream.analyzer.engine.ClassifiedEvent;
import io.authstream.analyzer.engine.RuleSpec;
import io.authstream.analyzer.engine.RuleText;
import io.authstream.analyzer.engine.SequenceRule;
import io.authstream.analyzer.engine.Signal;
import io.authstream.schemas.record.AlertSeverity;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Account takeover: for one user (its {@code user_id}, else its lower-cased {@code user_name}),
 * ≥ 5 failed logins ({@code f}, {@code fp}, {@code fu}) within 10 min, then a successful login
 * ({@code s}, {@code scoa}) within 10 min of them, then within 1 h of it an MFA enrolment or
 * removal, a password or e-mail change, or a login flagged as a new device
 * ({@code details.riskAssessment.assessments.NewDevice.code} {@code no_match}) → one critical alert
 * citing every step's {@code log_id}.
 */
public final class AccountTakeover implements Detection {
    public static final String NAME = "account-takeover";
    private final boolean on;
    private final SequenceRule rule;
    private final Set<String> failures;
    private final Set<String> successes;
    private final Set<String> changes;
    private final Set<String> newDevice;

    AccountTakeover(Settings s) {
        on = s.enabled();
        failures = s.list("failure-codes", Set.of("f", "fp", "fu"));
        successes = s.list("success-codes", Set.of("s", "scoa"));
        changes = s.list("change-codes", Set.of("gd_enrollment_complete", "gd_unenroll", "scp", "sce"));
        newDevice = s.list("new-device-codes", Set.of("no_match"));
        int n = s.positive("failures", 5);
        rule = new SequenceRule(NAME, "Account takeover", List.of(
                new SequenceRule.Step("failure", n, s.duration("failure-window", Duration.ofMinutes(10))),
                new SequenceRule.Step("success", 1, s.duration("success-within", Duration.ofMinutes(10))),
                new SequenceRule.Step("change", 1, s.duration("change-within", Duration.ofHours(1)))),
                s.severity("severity", AlertSeverity.CRITICAL), s.positive("max-users", 100_000), Math.max(8, n + 4),
                s.duration("resolve-after", Duration.ofHours(1)), new Text());
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
        if (!on) {
            return;
        }
        String t = e.type();
        boolean success = successes.contains(t);
        if (!failures.contains(t) && !success && !changes.contains(t)) {
            return;
        }
        String user = user(e);
        if (user == null) {
            return;
        }
        Map<String, String> group = Map.of("user", user);
        if (failures.contains(t)) {
            out.accept(e.signal(NAME, Signal.Kind.COUNT, group, Map.of(SequenceRule.STEP, "failure", "code", t)));
        }
        if (success) {
            // SUCCESS, not COUNT: logins are most of the traffic and must not all enter the first stage's dedup store
            out.accept(e.signal(NAME, Signal.Kind.SUCCESS, group, Map.of(SequenceRule.STEP, "success", "code", t)));
            String device = e.detail("riskAssessment", "assessments", "NewDevice", "code");
            if (device != null && newDevice.contains(device)) {
                out.accept(e.signal(NAME, Signal.Kind.SUCCESS, group, Map.of(SequenceRule.STEP, "change", "code", t,
                        "change", "login from a new device")));
            }
        }
        if (changes.contains(t)) {
            out.accept(e.signal(NAME, Signal.Kind.COUNT, group, Map.of(SequenceRule.STEP, "change", "code", t,
                    "change", change(t))));
        }
    }

    /** {@code user_id} first: post-login events (MFA, password change) always carry it, {@code user_name} may differ. */
    static String user(ClassifiedEvent e) {
        String id = e.event().userId().orElse("");
        if (!id.isEmpty()) {
            return id;
        }
        String name = e.event().userName().orElse("");
        return name.isEmpty() ? null : name.toLowerCase(Locale.ROOT);
    }

    private static String change(String code) {
        return switch (code) {
            case "gd_enrollment_complete" -> "MFA enrolment";
            case "gd_unenroll" -> "MFA removal";
            case "scp" -> "password change";
            case "sce" -> "e-mail change";
            default -> code;
        };
    }

    private static final class Text implements RuleText {
        @Override
        public String summary(AlertFacts f) {
            return "Account takeover of " + f.g("user") + ": failed logins, a successful login, then "
                    + f.d("change", "an account change") + " (" + f.d("chain", "?") + ")";
        }

        @Override
        public String runbook(AlertFacts f) {
            return "The account " + f.g("user") + " was guessed or stuffed, logged into and then changed (" + f.d("change", "?")
                    + "): block the user, revoke its sessions and refresh tokens, undo the MFA/password/e-mail change and "
                    + "contact the owner through a known channel. The log ids of every step are in the details.";
        }
    }
}
