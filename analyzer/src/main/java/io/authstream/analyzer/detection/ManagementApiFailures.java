package io.authstream.analyzer.detection;

import io.authstream.analyzer.engine.AlertFacts;
import io.authstream.analyzer.engine.ClassifiedEvent;
import io.authstream.analyzer.engine.RuleSpec;
import io.authstream.analyzer.engine.RuleText;
import io.authstream.analyzer.engine.Signal;
import io.authstream.analyzer.engine.Subjects;
import io.authstream.analyzer.engine.ThresholdRule;
import io.authstream.schemas.catalogue.Category;
import io.authstream.schemas.catalogue.EventCatalogue;
import io.authstream.schemas.record.AlertSeverity;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/** Management API failures: {@code fapi} and the catalogue's management-api-failure codes per (tenant, stream, client) ≥ 5 in any 5 min. */
public final class ManagementApiFailures implements Detection {
    public static final String NAME = "management-api-failures";
    private final ThresholdRule rule;
    private final Set<String> codes;
    private final boolean on;

    ManagementApiFailures(Knobs k, EventCatalogue catalogue) {
        on = k.enabled();
        Set<String> dflt = new TreeSet<>(catalogue.codesIn(Category.MANAGEMENT_API_FAILURE));
        dflt.add("fapi");
        codes = k.codes(Set.copyOf(dflt));
        rule = Rules.threshold(k, NAME, "Management API failures", 5, Duration.ofMinutes(5), AlertSeverity.HIGH,
                "50:critical", false, true, new Text());
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
        attrs.put("client_name", e.event().clientName().orElse(null));
        attrs.put("path", e.detail("request", "path"));
        attrs.put("method", e.detail("request", "method"));
        attrs.put("status", e.detail("response", "statusCode"));
        attrs.put("description", e.event().description().orElse(null));
        out.accept(e.signal(NAME, Signal.Kind.COUNT, Map.of("client_id", ClassifiedEvent.orNone(e.clientId())), attrs,
                Subjects.CLIENT));
    }

    private record Text() implements RuleText {
        @Override
        public String summary(AlertFacts f) {
            return f.count() + " failed Management API calls by client " + f.g("client_id") + " ("
                    + f.d("client_name", "unnamed") + ") in " + f.windowText() + ", last " + f.d("method", "")
                    + " " + f.d("path", "?") + ": " + f.d("description", "no description");
        }

        @Override
        public String runbook(AlertFacts f) {
            return Texts.STATUS + "; " + Texts.CHANGES + ". Check the client's grants and scopes (an expired secret or "
                    + "a removed scope fails every call) and whether it is being rate-limited too (rate-limit alerts).";
        }
    }
}
