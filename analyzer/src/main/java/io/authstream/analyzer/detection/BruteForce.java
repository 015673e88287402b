package io.authstream.analyzer.detection;

import io.authstream.analyzer.engine.AlertFacts;
import io.authstream.analyzer.engine.ClassifiedEvent;
import io.authstream.analyzer.engine.Escalation;
import io.authstream.analyzer.engine.RuleSpec;
import io.authstream.analyzer.engine.RuleText;
import io.authstream.analyzer.engine.Signal;
import io.authstream.analyzer.engine.Subjects;
import io.authstream.analyzer.engine.ThresholdRule;
import io.authstream.schemas.catalogue.Category;
import io.authstream.schemas.catalogue.EventCatalogue;
import io.authstream.schemas.catalogue.EventCode;
import io.authstream.schemas.record.AlertSeverity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Brute force on one account: failed logins for one user name per (tenant, stream) ≥ 5 in any 10 min;
 * escalates when a successful login for that user follows while the alert is open.
 */
public final class BruteForce implements Detection {
    public static final String NAME = "brute-force";
    private final ThresholdRule rule;
    private final Set<String> failureCodes;
    private final Set<String> successCodes;
    private final Set<String> blockCodes;
    private final boolean on;

    BruteForce(Knobs k, EventCatalogue catalogue) {
        on = k.enabled();
        Set<String> fail = new TreeSet<>();
        for (EventCode c : catalogue.all()) {
            if (c.hasSignal("brute-force") && c.isFailure() && c.category() == Category.AUTH_FAILURE) {
                fail.add(c.code());
            }
        }
        failureCodes = k.codes(Set.copyOf(fail));
        successCodes = k.list("success-codes", CredentialStuffing.loginSuccesses(catalogue));
        blockCodes = Set.of("limit_wc", "limit_sul");
        AlertSeverity escalated = k.sub("escalated").severity(AlertSeverity.HIGH);
        Escalation esc = (base, ev) -> ev.successes() > 0 && escalated.compareTo(base) > 0 ? escalated : base;
        ThresholdRule r = Rules.threshold(k, NAME, "Brute force on one account", 5, Duration.ofMinutes(10),
                AlertSeverity.WARNING, null, true, true, new Text());
        rule = r.withEscalation(esc).reporting(false, true);
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
        Signal.Kind kind = failureCodes.contains(t) ? Signal.Kind.COUNT : successCodes.contains(t) ? Signal.Kind.SUCCESS
                : blockCodes.contains(t) ? Signal.Kind.BLOCKED : null;
        String user = e.user();
        if (kind == null || user == null) {
            return;
        }
        // grouped by user name (failed logins for unknown users carry nothing else), citing every user id seen
        out.accept(e.signal(NAME, kind, Map.of("user", user), Map.of(), Subjects.USER));
    }

    private record Text() implements RuleText {
        @Override
        public String summary(AlertFacts f) {
            String s = f.count() + " failed logins for user " + f.g("user") + " from " + f.evidence().distinctIps()
                    + " IP(s) in " + f.windowText();
            return f.evidence().successes() > 0 ? s + "; then a login SUCCEEDED" : s;
        }

        @Override
        public boolean reportsBlocks() {
            return true;
        }

        @Override
        public String runbook(AlertFacts f) {
            return (f.evidence().successes() > 0
                    ? "Possible account takeover of " + f.g("user") + ": check the successful login's IP and device, "
                    + "revoke sessions and refresh tokens and reset the password. "
                    : "Repeated failures for " + f.g("user") + ": a forgotten password or a targeted guess. ")
                    + Texts.blocked(f) + " (brute-force protection blocks after 10 failures per IP and user).";
        }
    }
}
