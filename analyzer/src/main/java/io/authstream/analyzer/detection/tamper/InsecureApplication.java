package io.authstream.analyzer.detection.tamper;

import io.authstream.analyzer.engine.AlertFacts;
import io.authstream.schemas.record.AlertSeverity;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Insecure application settings: POST {@code /v2/clients} or PATCH {@code /v2/clients/<id>}
 * setting {@code grant_types} with the password or implicit grant, or {@code
 * cross_origin_authentication: true}; POST {@code /v2/clients/<id>/rotate-secret} or a
 * {@code mgmt_api_read} returning {@code client_secret} by a client not in {@code trusted-clients}.
 */
public final class InsecureApplication extends TamperDetection {
    public static final String NAME = "insecure-application";
    private static final Pattern CLIENT = Pattern.compile("/v2/clients(?:/([^/]+))?");
    private static final Pattern ROTATE = Pattern.compile("/v2/clients/([^/]+)/rotate-secret");
    private static final Set<String> INSECURE_GRANTS = Set.of("password", "implicit",
            "http://auth0.com/oauth/grant-type/password-realm");
    private final Set<String> trusted;

    InsecureApplication(Settings s) {
        super(s, "Insecure application setting");
        trusted = s.list("trusted-clients", Set.of());
    }

    @Override
    Change inspect(ApiChange c) {
        String actingClient = c.event.clientId() == null ? "" : c.event.clientId();
        if ("mgmt_api_read".equals(c.event.type())) {
            List<String> secrets = ApiChange.strings(c.event.event().details().path("accessedSecrets"));
            if (!secrets.contains("client_secret") || trusted.contains(actingClient)) {
                return null;
            }
            Matcher m = c.path(CLIENT);
            String target = c.response.path("client_id").asText(m != null && m.group(1) != null ? m.group(1) : "?");
            return new Change(target).add("client secret read", AlertSeverity.HIGH, "accessedSecrets=client_secret by "
                    + (actingClient.isEmpty() ? "?" : actingClient));
        }
        Matcher rot = c.path(ROTATE);
        if (rot != null && c.method("POST")) {
            return trusted.contains(actingClient) ? null : new Change(rot.group(1)).add("client secret rotated",
                    AlertSeverity.HIGH, "rotated by " + (actingClient.isEmpty() ? "?" : actingClient));
        }
        Matcher m = c.path(CLIENT);
        if (m == null || !(m.group(1) == null ? c.method("POST") : c.method("PATCH"))) {
            return null;
        }
        String target = m.group(1) != null ? m.group(1) : c.response.path("client_id").asText("new");
        Change ch = new Change(target);
        List<String> grants = ApiChange.strings(c.request.path("grant_types"));
        List<String> bad = grants.stream().filter(INSECURE_GRANTS::contains).toList();
        if (!bad.isEmpty()) {
            ch.add("insecure grant enabled", AlertSeverity.HIGH, "grant_types+=" + join(bad));
        }
        if (ApiChange.isTrue(c.request.path("cross_origin_authentication"))) {
            ch.add("cross-origin authentication enabled", AlertSeverity.HIGH, "cross_origin_authentication=true");
        }
        return ch;
    }

    @Override
    String runbook(AlertFacts f) {
        return "Application " + f.g("target") + ": " + f.g("change") + " (" + f.d("changed", "?") + "). The password "
                + "and implicit grants bypass MFA prompts and leak tokens; cross-origin authentication exposes "
                + "/co/authenticate to credential stuffing (fcoa/scoa); a read or rotated secret lets its holder act as the app.";
    }
}
