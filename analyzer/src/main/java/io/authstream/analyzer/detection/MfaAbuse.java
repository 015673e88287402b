package io.authstream.analyzer.detection;

import io.authstream.analyzer.engine.AlertFacts;
import io.authstream.analyzer.engine.ClassifiedEvent;
import io.authstream.analyzer.engine.RuleSpec;
import io.authstream.analyzer.engine.RuleText;
import io.authstream.analyzer.engine.Signal;
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
 * MFA abuse: push fatigue ({@code gd_send_pn} per user ≥ 5 in 30 min), MFA failures per user ≥ 5 in
 * 15 min, and toll fraud (SMS/voice sends per (tenant, stream) per minute spiking over their EWMA baseline).
 */
public final class MfaAbuse implements Detection {
    public static final String NAME = "mfa-abuse";
    private final ThresholdRule pushFatigue;
    private final ThresholdRule failures;
    private final SpikeRule tollFraud;
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
        Knobs t = k.sub("toll-fraud");
        sendCodes = t.codes(Set.of("gd_send_sms", "gd_send_voice"));
        tollFraud = new SpikeRule("mfa-toll-fraud", "SMS/voice MFA send spike (toll fraud)",
                t.duration("bucket", Duration.ofMinutes(1)), t.grace(), t.positiveNumber("k", 4), t.positive("floor", 20),
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
        String user = e.user();
        if (pushCodes.contains(t) && user != null && on(pushFatigue)) {
            out.accept(e.signal(pushFatigue.id(), Signal.Kind.COUNT, Map.of("user", user), Map.of()));
        }
        if (failureCodes.contains(t) && user != null && on(failures)) {
            out.accept(e.signal(failures.id(), Signal.Kind.COUNT, Map.of("user", user), Map.of("code", t)));
        }
        if (sendCodes.contains(t) && on(tollFraud)) {
            out.accept(e.signal(tollFraud.id(), Signal.Kind.COUNT, Map.of(), Map.of("code", t)));
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
                case "fail" -> "Check whether " + f.g("user") + " has trouble with the factor or someone is guessing codes; "
                        + "look for gd_otp_rate_limit_exceed and the source IPs.";
                default -> "Possible SMS pumping / toll fraud: check the destination numbers' countries in the archive, "
                        + "restrict SMS countries or add bot detection to the MFA step. " + Texts.STATUS + ".";
            };
        }
    }
}
