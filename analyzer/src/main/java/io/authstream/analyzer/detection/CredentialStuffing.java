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
 * Credential stuffing: failed logins (the catalogue's credential-stuffing failure codes) per
 * (tenant, stream, source IP) ≥ 20 in any 1 h; critical once ≥ 10 distinct users were tried within
 * one hour (distinct-count condition) and a login from that IP succeeded.
 */
public final class CredentialStuffing implements Detection {
    public static final String NAME = "credential-stuffing";
    private final ThresholdRule rule;
    private final Set<String> failureCodes;
    private final Set<String> successCodes;
    private final Set<String> blockCodes;
    private final boolean on;

    CredentialStuffing(Knobs k, EventCatalogue catalogue) {
        on = k.enabled();
        Set<String> fail = new TreeSet<>();
        Set<String> block = new TreeSet<>();
        for (EventCode c : catalogue.all()) {
            if (c.hasSignal("credential-stuffing") && c.isFailure()) {
                // Attack Protection's own blocks (limit_*) are evidence that Auth0 acted, not attempts
                (c.category() == Category.ATTACK_PROTECTION && c.hasSignal("rate-limited") ? block : fail).add(c.code());
            }
        }
        failureCodes = k.codes(Set.copyOf(fail));
        blockCodes = Set.copyOf(block);
        successCodes = k.list("success-codes", loginSuccesses(catalogue));
        long users = k.positive("distinct-users", 10);
        AlertSeverity escalated = k.sub("escalated").severity(AlertSeverity.CRITICAL);
        // the distinct-user condition is exact and sliding: ≥ `users` distinct user names within one window
        Escalation esc = (base, ev) -> ev.distinctPeak() >= users && ev.successes() > 0 && escalated.compareTo(base) > 0
                ? escalated : base;
        ThresholdRule r = Rules.threshold(k, NAME, "Credential stuffing", 20, Duration.ofHours(1), AlertSeverity.HIGH, null,
                true, false, new Text(users));
        rule = r.withEscalation(esc).reporting(true, false)
                .withAlso(new ThresholdRule.DistinctCondition(ThresholdRule.Counted.USERS, users));
    }

    /** Successful interactive logins: the catalogue's {@code auth.login.success} codes. */
    static Set<String> loginSuccesses(EventCatalogue catalogue) {
        Set<String> s = new TreeSet<>();
        catalogue.all().stream().filter(c -> "auth.login.success".equals(c.auth0Filter()) && !c.isFailure())
                .forEach(c -> s.add(c.code()));
        return Set.copyOf(s);
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
        if (kind == null || e.ip() == null) {
            return;
        }
        out.accept(e.signal(NAME, kind, Map.of("ip", e.ip()), Map.of(), List.of(Subjects.IP)));
    }

    private record Text(long users) implements RuleText {
        @Override
        public String summary(AlertFacts f) {
            String s = f.count() + " failed logins from IP " + f.g("ip") + " against "
                    + (f.details().containsKey("distinct_users_at_least") ? "at least " : "") + f.evidence().distinctUsers()
                    + " users in " + f.windowText();
            return f.evidence().successes() > 0 ? s + "; " + f.evidence().successes() + " login(s) from it SUCCEEDED" : s;
        }

        @Override
        public boolean reportsBlocks() {
            return true;
        }

        @Override
        public String runbook(AlertFacts f) {
            return "Credential stuffing from " + f.g("ip") + ": " + Texts.blocked(f) + ". "
                    + (f.evidence().successes() > 0 ? "A login from this IP succeeded: find the account(s) in the archive "
                    + "(source.ip), force a password reset and revoke sessions. " : "")
                    + "Block the IP at the edge if Auth0 has not; check whether breached password detection is on.";
        }
    }
}
