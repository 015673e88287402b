package io.authstream.analyzer.detection;

import io.authstream.analyzer.engine.AlertFacts;
import io.authstream.analyzer.engine.ClassifiedEvent;
import io.authstream.analyzer.engine.RuleSpec;
import io.authstream.analyzer.engine.RuleText;
import io.authstream.analyzer.engine.Signal;
import io.authstream.analyzer.engine.Subjects;
import io.authstream.analyzer.engine.SpikeRule;
import io.authstream.analyzer.engine.ThresholdRule;
import io.authstream.schemas.catalogue.Category;
import io.authstream.schemas.catalogue.EventCatalogue;
import io.authstream.schemas.record.AlertSeverity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * MFA abuse: push fatigue ({@code gd_send_pn} per user ≥ 5 in any 30 min), MFA failures per user ≥ 5 in
 * any 15 min, and toll fraud (SMS/voice sends per (tenant, stream) per minute spiking over their EWMA baseline).
 */
public final class MfaAbuse implements Detection {
    public static final String NAME = "mfa-abuse";
    private final ThresholdRule pushFatigue;
    private final ThresholdRule failures;
    private final SpikeRule tollFraud;
    private final ThresholdRule sharedFactor;
    private final Set<String> enrollCodes;
    private final Set<String> pushCodes;
    private final Set<String> failureCodes;
    private final Set<String> sendCodes;
    private final List<RuleSpec> rules = new ArrayList<>();

    MfaAbuse(Knobs k, EventCatalogue catalogue) {
        Knobs p = k.sub("push-fatigue");
        pushCodes = p.codes(Set.of("gd_send_pn"));
        pushFatigue = Rules.threshold(p, "mfa-push-fatigue", "MFA push fatigue", 5, Duration.ofMinutes(30),
                AlertSeverity.HIGH, null, false, true, new Text("push"));
        Knobs f = k.sub("failures");
        failureCodes = f.codes(catalogue.codesIn(Category.MFA_FAILURE));
        failures = Rules.threshold(f, "mfa-failures", "Repeated MFA failures", 5, Duration.ofMinutes(15),
                AlertSeverity.WARNING, null, false, true, new Text("fail"));
        Knobs sf = k.sub("shared-factor");
        enrollCodes = sf.codes(Set.of("gd_enrollment_complete"));
        sharedFactor = Rules.threshold(sf.quiet(), "mfa-shared-factor", "One MFA phone number or device enrolled by several users",
                2, Duration.ofDays(30), AlertSeverity.HIGH, null, true, false, new Text("shared"))
                .counting(ThresholdRule.Counted.USERS);
        Knobs t = k.sub("toll-fraud");
        sendCodes = t.codes(Set.of("gd_send_sms", "gd_send_voice"));
        tollFraud = new SpikeRule("mfa-toll-fraud", "SMS/voice MFA send spike (toll fraud)",
                t.duration("bucket", Duration.ofMinutes(1)), t.grace(), t.positiveNumber("k", 4), t.positive("floor", 30),
                t.duration("half-life", Duration.ofHours(2)), t.count("warmup-buckets", 60), t.severity(AlertSeverity.HIGH),
                t.updates(), new Text("toll"));
        if (k.enabled()) {
            if (p.enabled()) {
                rules.add(pushFatigue);
            }
            if (f.enabled()) {
                rules.add(failures);
            }
            if (t.enabled()) {
                rules.add(tollFraud);
            }
            if (sf.enabled()) {
                rules.add(sharedFactor);
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

    private boolean on(RuleSpec r) {
        return rules.contains(r);
    }

    @Override
    public void signals(ClassifiedEvent e, Consumer<Signal> out) {
        String t = e.type();
        String user = e.stableUser(); // user_id when logged, else the user name
        if (pushCodes.contains(t) && user != null && on(pushFatigue)) {
            out.accept(e.signal(pushFatigue.id(), Signal.Kind.COUNT, Map.of("user", user), Map.of(), Subjects.USER));
        }
        if (failureCodes.contains(t) && user != null && on(failures)) {
            out.accept(e.signal(failures.id(), Signal.Kind.COUNT, Map.of("user", user), Map.of("code", t), Subjects.USER));
        }
        if (enrollCodes.contains(t) && user != null && on(sharedFactor)) {
            sharedFactor(e, out);
        }
        if (sendCodes.contains(t) && on(tollFraud)) {
            out.accept(e.signal(tollFraud.id(), Signal.Kind.COUNT, Map.of(), Map.of("code", t)));
        }
    }

    /**
     * One signal per factor the enrollment names: the phone number ({@code details.authenticator.phone_number},
     * else {@code details.enrollment.phone_number}) and the Guardian device ({@code details.device_id}).
     */
    private void sharedFactor(ClassifiedEvent e, Consumer<Signal> out) {
        String phone = e.detail("authenticator", "phone_number");
        if (phone == null) {
            phone = e.detail("enrollment", "phone_number");
        }
        String device = e.detail("device_id");
        for (String[] f : new String[][] {{"phone_number", phone}, {"device_id", device}}) {
            if (f[1] != null) {
                Map<String, String> group = new java.util.LinkedHashMap<>();
                group.put("factor", f[0]);
                group.put("value", f[1]);
                out.accept(e.signal(sharedFactor.id(), Signal.Kind.COUNT, group, Map.of(), Subjects.USER));
            }
        }
    }

    private record Text(String kind) implements RuleText {
        @Override
        public String summary(AlertFacts f) {
            return switch (kind) {
                case "push" -> f.count() + " MFA push notifications sent to " + f.g("user") + " in " + f.windowText()
                        + " (push fatigue?)";
                case "fail" -> f.count() + " MFA failures for " + f.g("user") + " in " + f.windowText() + ", last "
                        + f.d("code", "?");
                case "shared" -> "MFA " + f.g("factor").replace('_', ' ') + " " + f.g("value") + " enrolled by "
                        + f.count() + " different users within " + f.windowText();
                default -> f.count() + " SMS/voice MFA sends in one " + f.windowText() + " for " + f.tenant() + "/"
                        + f.stream() + ", above the limit of " + f.threshold() + " (baseline " + f.d("baseline_mean", "?")
                        + ")";
            };
        }

        @Override
        public String runbook(AlertFacts f) {
            return switch (kind) {
                case "push" -> "Someone with " + f.g("user") + "'s password keeps triggering pushes: contact the user, tell "
                        + "them not to approve, reset the password and consider number matching for Guardian push.";
                case "shared" -> "One second factor should belong to one person: an attacker who phished or stole "
                        + "accounts may be enrolling their own phone or device on each. Check the users in subjects, "
                        + "delete the enrollments (Management API authentication-methods) and reset their passwords.";
                case "fail" -> "Check whether " + f.g("user") + " has trouble with the factor or someone is guessing codes; "
                        + "look for gd_otp_rate_limit_exceed and the source IPs.";
                default -> "Possible SMS pumping / toll fraud: check the destination numbers' countries in the archive, "
                        + "restrict SMS countries or add bot detection to the MFA step. " + Texts.STATUS + ".";
            };
        }
    }
}
