package io.authstream.analyzer.detection;

import io.authstream.analyzer.engine.AlertFacts;
import io.authstream.analyzer.engine.ClassifiedEvent;
import io.authstream.analyzer.engine.RuleSpec;
import io.authstream.analyzer.engine.RuleText;
import io.authstream.analyzer.engine.Signal;
import io.authstream.analyzer.engine.ThresholdRule;
import io.authstream.schemas.record.AlertSeverity;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Refresh-token reuse: {@code ferrt} → immediately, once per (tenant, stream, user, client) per hour. */
public final class RefreshTokenReuse implements Detection {
    public static final String NAME = "refresh-token-reuse";
    private final ThresholdRule rule;
    private final Set<String> codes;
    private final boolean on;

    RefreshTokenReuse(Knobs k) {
        on = k.enabled();
        codes = k.codes(Set.of("ferrt"));
        rule = Rules.threshold(k.quiet(), NAME, "Refresh token reuse", 1, Duration.ofHours(1), AlertSeverity.HIGH, null, false,
                true, new Text());
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
        group.put("user", ClassifiedEvent.orNone(e.user()));
        group.put("client_id", ClassifiedEvent.orNone(e.clientId()));
        out.accept(e.signal(NAME, Signal.Kind.COUNT, group, Map.of("description", e.event().description().orElse(""))));
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
