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
 * Refresh-token reuse: {@code ferrt} → immediately, once per (tenant, stream, user id else user name,
 * client) per hour; and one refresh-token family or session used from ≥ 3 distinct IPs in any 24 h
 * ({@code token-ip-spread}).
 */
public final class RefreshTokenReuse implements Detection {
    public static final String NAME = "refresh-token-reuse";
    private static final List<String> SUBJECTS = List.of(Subjects.USER_ID, Subjects.USER_NAME, Subjects.CLIENT_ID,
            Subjects.CLIENT_NAME);
    private final ThresholdRule rule;
    private final ThresholdRule ipSpread;
    private final Set<String> codes;
    private final Set<String> spreadCodes;
    private final List<RuleSpec> rules = new java.util.ArrayList<>();
    private final boolean on;

    RefreshTokenReuse(Knobs k) {
        on = k.enabled();
        codes = k.codes(Set.of("ferrt"));
        rule = Rules.threshold(k.quiet(), NAME, "Refresh token reuse", 1, Duration.ofHours(1), AlertSeverity.HIGH, null, false,
                true, new Text());
        Knobs s = k.sub("ip-spread");
        spreadCodes = s.codes(Set.of("sertft", "s", "ssa"));
        ipSpread = Rules.threshold(s.quiet(), "token-ip-spread", "One refresh token or session used from several IPs", 3,
                Duration.ofHours(24), AlertSeverity.HIGH, null, false, true, new SpreadText())
                .counting(ThresholdRule.Counted.IPS);
        if (on) {
            rules.add(rule);
            if (s.enabled()) {
                rules.add(ipSpread);
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
        if (spreadCodes.contains(e.type()) && e.ip() != null && rules.contains(ipSpread)) {
            spread(e, out);
        }
        if (!on || !codes.contains(e.type())) {
            return;
        }
        Map<String, String> group = new LinkedHashMap<>();
        group.put("user", ClassifiedEvent.orNone(e.stableUser())); // user_id when logged, else the user name
        group.put("client_id", ClassifiedEvent.orNone(e.clientId()));
        out.accept(e.signal(NAME, Signal.Kind.COUNT, group, Map.of("description", e.event().description().orElse("")),
                SUBJECTS));
    }

    /**
     * The refresh-token family ({@code details.familyId} of {@code sertft}) and the session
     * ({@code details.session_id} of {@code s}/{@code ssa}, {@code details.refresh_token.session_id} of
     * {@code sertft}): each is one group whose distinct source IPs are counted.
     */
    private void spread(ClassifiedEvent e, Consumer<Signal> out) {
        String family = e.detail("familyId");
        String session = e.detail("session_id");
        if (session == null) {
            session = e.detail("refresh_token", "session_id");
        }
        for (String[] g : new String[][] {{"refresh_token_family", family}, {"session_id", session}}) {
            if (g[1] != null) {
                Map<String, String> group = new LinkedHashMap<>();
                group.put(g[0], g[1]);
                out.accept(e.signal(ipSpread.id(), Signal.Kind.COUNT, group, Map.of("last_code", e.type()), SPREAD_SUBJECTS));
            }
        }
    }

    private static final List<String> SPREAD_SUBJECTS = List.of(Subjects.USER_ID, Subjects.USER_NAME, Subjects.IP,
            Subjects.CLIENT_ID);

    private record SpreadText() implements RuleText {
        @Override
        public String summary(AlertFacts f) {
            String what = f.group().containsKey("session_id") ? "Session " + f.g("session_id")
                    : "Refresh token family " + f.g("refresh_token_family");
            return what + " used from " + f.count() + " different IPs within " + f.windowText();
        }

        @Override
        public String runbook(AlertFacts f) {
            return "A session or refresh token is bound to one client; use from several networks in a day may mean it was "
                    + "stolen (or a mobile user roaming): compare the IPs and user agents in the archive, and if in doubt "
                    + "revoke the user's sessions and refresh tokens and reset the password.";
        }
    }

    private record Text() implements RuleText {
        @Override
        public String summary(AlertFacts f) {
            return "Reused refresh token for user " + f.g("user") + " on client " + f.g("client_id") + " (ferrt)";
        }

        @Override
        public String runbook(AlertFacts f) {
            return "A rotated refresh token was presented again: it may have been stolen. Auth0 revoked the token family; "
                    + "check the source IPs and user agents of the user's recent token exchanges and sign the user out.";
        }
    }
}
