package io.authstream.analyzer.detection.tamper;

import com.fasterxml.jackson.databind.JsonNode;
import io.authstream.analyzer.engine.AlertFacts;
import io.authstream.schemas.record.AlertSeverity;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Login pipeline changed: PATCH {@code /v2/actions/triggers/<trigger>/bindings} for a trigger in
 * {@code triggers} (default post-login, pre-user-registration, credentials-exchange); POST
 * {@code /v2/actions/actions/<id>/deploy} (or a version's deploy) of an action for such a trigger;
 * POST {@code /v2/integrations/installed}; POST {@code /v2/rules} or PATCH {@code /v2/rules/<id>}
 * leaving the legacy rule enabled.
 */
public final class LoginPipelineChanged extends TamperDetection {
    public static final String NAME = "login-pipeline-changed";
    private static final Pattern BINDINGS = Pattern.compile("/v2/actions/triggers/([^/]+)/bindings");
    private static final Pattern DEPLOY = Pattern.compile("/v2/actions/actions/([^/]+)(?:/versions/[^/]+)?/deploy");
    private static final Pattern INTEGRATION = Pattern.compile("/v2/integrations/installed");
    private static final Pattern RULES = Pattern.compile("/v2/rules(?:/([^/]+))?");
    private final Set<String> triggers;

    LoginPipelineChanged(Settings s) {
        super(s, "Login pipeline changed");
        triggers = s.list("triggers", Set.of("post-login", "pre-user-registration", "credentials-exchange"));
    }

    @Override
    Change inspect(ApiChange c) {
        Matcher b = c.path(BINDINGS);
        if (b != null && c.method("PATCH", "PUT")) {
            if (!triggers.contains(b.group(1))) {
                return null;
            }
            List<String> names = new ArrayList<>();
            for (JsonNode x : c.request.path("bindings")) {
                names.add(x.path("display_name").asText(x.path("ref").path("value").asText("?")));
            }
            return new Change("trigger:" + b.group(1)).add("bindings changed", AlertSeverity.HIGH,
                    "bindings=[" + join(names) + "]");
        }
        Matcher d = c.path(DEPLOY);
        if (d != null && c.method("POST")) {
            List<String> supported = supportedTriggers(c.response);
            if (!supported.isEmpty() && supported.stream().noneMatch(triggers::contains)) {
                return null;
            }
            String name = c.response.path("action").path("name").asText(c.response.path("name").asText(d.group(1)));
            return new Change("action:" + d.group(1)).add("action deployed", AlertSeverity.HIGH,
                    "action=" + name + (supported.isEmpty() ? "" : " triggers=" + join(supported)));
        }
        if (c.method("POST") && c.path(INTEGRATION) != null) {
            String id = c.result("id").asText(c.request.path("integration_id").asText("?"));
            return new Change("integrations").add("integration installed", AlertSeverity.HIGH, "integration=" + id);
        }
        Matcher r = c.path(RULES);
        if (r != null && (r.group(1) == null ? c.method("POST") : c.method("PATCH"))) {
            if (ApiChange.isFalse(c.result("enabled")) || (r.group(1) != null && !c.request.has("script")
                    && !ApiChange.isTrue(c.request.path("enabled")))) {
                return null;
            }
            String id = r.group(1) != null ? r.group(1) : c.response.path("id").asText("new");
            return new Change("rule:" + id).add("legacy rule " + (r.group(1) == null ? "created" : "changed"),
                    AlertSeverity.HIGH, "rule=" + c.result("name").asText(id));
        }
        return null;
    }

    private static List<String> supportedTriggers(JsonNode response) {
        JsonNode t = response.path("action").path("supported_triggers");
        if (!t.isArray()) {
            t = response.path("supported_triggers");
        }
        List<String> out = new ArrayList<>();
        t.forEach(x -> out.add(x.path("id").asText("")));
        return out;
    }

    @Override
    String runbook(AlertFacts f) {
        return "Code that runs at login or signup changed (" + f.g("change") + ": " + f.d("changed", "?") + "). "
                + "A malicious post-login Action can exfiltrate tokens or skip MFA; read the deployed code.";
    }
}
