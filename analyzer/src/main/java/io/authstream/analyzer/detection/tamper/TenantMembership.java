package io.authstream.analyzer.detection.tamper;

import com.fasterxml.jackson.databind.JsonNode;
import io.authstream.analyzer.engine.AlertFacts;
import io.authstream.analyzer.engine.ClassifiedEvent;
import io.authstream.analyzer.engine.RuleSpec;
import io.authstream.analyzer.engine.RuleText;
import io.authstream.analyzer.engine.SequenceRule;
import io.authstream.analyzer.engine.Signal;
import io.authstream.schemas.record.AlertSeverity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tenant membership: POST {@code /v2/tenants/invitations} (a member or owner invited), DELETE
 * {@code /v2/tenants/(members|owners)/<id>} (a member removed), POST {@code /v2/roles} with an
 * admin-like name or description, POST {@code /v2/roles/<id>/permissions} granting Management API
 * write permissions. Rule {@value #TAKEOVER}: an invitation followed by ≥ 2 removals within 24 h in
 * the same tenant → critical (Panther's admin-invited-with-member-deletion correlation).
 */
public final class TenantMembership extends TamperDetection {
    public static final String NAME = "tenant-membership";
    public static final String TAKEOVER = "tenant-takeover";
    private static final Pattern INVITE = Pattern.compile("/v2/tenants/invitations");
    private static final Pattern MEMBER = Pattern.compile("/v2/tenants/(?:members|owners)/([^/]+)");
    private static final Pattern ROLES = Pattern.compile("/v2/roles");
    private static final Pattern ROLE_PERMISSIONS = Pattern.compile("/v2/roles/([^/]+)/permissions");
    private static final Pattern ADMIN_LIKE = Pattern.compile("(?is).*\\b(admin\\w*|owner|super\\w*|root)\\b.*");
    private static final Pattern WRITE = Pattern.compile("(create|update|delete):.+");
    private final boolean takeoverOn;
    private final SequenceRule takeover;

    TenantMembership(Settings s) {
        super(s, "Tenant membership changed");
        Settings t = new Settings(s.config(), NAME + ".takeover", s.defaultGrace());
        takeoverOn = s.enabled() && t.enabled();
        takeover = new SequenceRule(TAKEOVER, "Possible tenant takeover", List.of(
                new SequenceRule.Step("invitation", 1, Duration.ZERO),
                new SequenceRule.Step("removal", t.positive("removals", 2), t.window(Duration.ofHours(24)))),
                t.severity("severity", AlertSeverity.CRITICAL), t.positive("max-tenants", 10_000), 16,
                t.duration("resolve-after", Duration.ofHours(1)), new TakeoverText());
    }

    @Override
    public List<RuleSpec> rules() {
        List<RuleSpec> r = new ArrayList<>(super.rules());
        if (takeoverOn) {
            r.add(takeover);
        }
        return r;
    }

    @Override
    public void signals(ClassifiedEvent e, Consumer<Signal> out) {
        super.signals(e, out);
        if (!takeoverOn) {
            return;
        }
        ApiChange c = ApiChange.of(e);
        if (c == null || !c.succeeded()) {
            return;
        }
        String step = c.method("POST") && c.path(INVITE) != null ? "invitation"
                : c.method("DELETE") && c.path(MEMBER) != null ? "removal" : null;
        if (step != null) {
            out.accept(e.signal(TAKEOVER, Signal.Kind.COUNT, Map.of(), Map.of(SequenceRule.STEP, step, "actor", c.actor(),
                    "path", c.path)));
        }
    }

    @Override
    Change inspect(ApiChange c) {
        if (c.method("POST") && c.path(INVITE) != null) {
            List<String> who = new ArrayList<>(ApiChange.strings(c.request.path("owners")));
            who.addAll(ApiChange.strings(c.request.path("invitee").path("email")));
            List<String> roles = ApiChange.strings(c.request.path("roles"));
            return new Change("invitations").add(roles.contains("owner") ? "owner invited" : "member invited",
                    AlertSeverity.HIGH, "invitees=" + join(who) + (roles.isEmpty() ? "" : " roles=" + join(roles)));
        }
        Matcher m = c.path(MEMBER);
        if (m != null && c.method("DELETE")) {
            return new Change("member:" + m.group(1)).add("member removed", AlertSeverity.HIGH, "member=" + m.group(1));
        }
        if (c.method("POST") && c.path(ROLES) != null) {
            String name = c.result("name").asText("");
            String description = c.result("description").asText("");
            return ADMIN_LIKE.matcher(name).matches() || ADMIN_LIKE.matcher(description).matches()
                    ? new Change("role:" + name).add("admin-like role created", AlertSeverity.HIGH, "name=" + name) : null;
        }
        Matcher p = c.path(ROLE_PERMISSIONS);
        if (p != null && c.method("POST")) {
            List<String> granted = new ArrayList<>();
            for (JsonNode perm : c.request.path("permissions")) {
                String scope = perm.path("permission_name").asText("");
                if (perm.path("resource_server_identifier").asText("").endsWith("/api/v2/") && WRITE.matcher(scope).matches()) {
                    granted.add(scope);
                }
            }
            return granted.isEmpty() ? null : new Change("role:" + p.group(1)).add(
                    "Management API write permissions granted to a role", AlertSeverity.HIGH, "permissions+=" + join(granted));
        }
        return null;
    }

    @Override
    String runbook(AlertFacts f) {
        return "Tenant membership or roles changed (" + f.d("changed", "?") + "). An attacker with a Dashboard session "
                + "invites an owner of their own, then removes the real admins.";
    }

    private static final class TakeoverText implements RuleText {
        @Override
        public String summary(AlertFacts f) {
            return "Possible tenant takeover of " + f.tenant() + ": a member invitation followed by " + (f.count() - 1)
                    + " member removals (" + f.d("chain", "?") + ")";
        }

        @Override
        public String runbook(AlertFacts f) {
            return "Someone invited a new tenant member and then removed existing ones: check with the remaining owners "
                    + "at once, revoke the invitation, restore the removed members and rotate the credentials of the "
                    + "acting account (" + f.d("actor", "?") + "). With Auth0 Teams these events are not streamed.";
        }
    }
}
