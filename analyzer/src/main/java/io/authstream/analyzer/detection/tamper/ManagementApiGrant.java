package io.authstream.analyzer.detection.tamper;

import io.authstream.analyzer.engine.AlertFacts;
import io.authstream.schemas.record.AlertSeverity;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Management API write scopes granted: POST {@code /v2/client-grants} or PATCH
 * {@code /v2/client-grants/<id>} whose audience is the Management API ({@code .../api/v2/}) and
 * whose scopes include {@code create:}/{@code update:}/{@code delete:} ones, for a client not in
 * {@code trusted-clients}; critical when a scope is in {@code critical-scopes}.
 */
public final class ManagementApiGrant extends TamperDetection {
    public static final String NAME = "management-api-grant";
    private static final Pattern PATH = Pattern.compile("/v2/client-grants(/[^/]+)?");
    private static final Pattern WRITE = Pattern.compile("(create|update|delete):.+");
    static final Set<String> CRITICAL_SCOPES = Set.of("create:client_grants", "update:client_grants", "update:clients",
            "update:client_keys", "update:tenant_settings", "update:log_streams", "delete:log_streams",
            "update:attack_protection", "update:guardian_factors", "create:role_members", "update:users",
            "update:actions", "update:rules", "update:connections");
    private final Set<String> trusted;
    private final Set<String> critical;

    ManagementApiGrant(Settings s) {
        super(s, "Management API write access granted");
        trusted = s.list("trusted-clients", Set.of());
        critical = s.list("critical-scopes", CRITICAL_SCOPES);
    }

    @Override
    Change inspect(ApiChange c) {
        var m = c.path(PATH);
        if (m == null || !(m.group(1) == null ? c.method("POST") : c.method("PATCH"))) {
            return null;
        }
        if (!c.result("audience").asText("").endsWith("/api/v2/")) {
            return null;
        }
        String client = c.result("client_id").asText("");
        if (trusted.contains(client)) {
            return null;
        }
        Set<String> scopes = new LinkedHashSet<>(ApiChange.strings(c.request.path("scope")));
        if (scopes.isEmpty()) {
            scopes.addAll(ApiChange.strings(c.response.path("scope")));
        }
        List<String> writes = new ArrayList<>();
        boolean crit = false;
        for (String sc : scopes) {
            if (WRITE.matcher(sc).matches()) {
                writes.add(sc);
                crit |= critical.contains(sc);
            }
        }
        return writes.isEmpty() ? null : new Change(client.isEmpty() ? "(unknown client)" : client).add(
                "write scopes granted to an untrusted client", crit ? AlertSeverity.CRITICAL : AlertSeverity.HIGH,
                "scope=" + join(writes));
    }

    @Override
    String runbook(AlertFacts f) {
        return "Client " + f.g("target") + " can now change the tenant through the Management API (" + f.d("changed", "?")
                + "). A machine token with these scopes is as good as an admin session; if the client is legitimate add it "
                + "to trusted-clients, else remove the grant and rotate the client's secret.";
    }
}
