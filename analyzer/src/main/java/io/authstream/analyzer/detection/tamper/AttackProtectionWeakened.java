package io.authstream.analyzer.detection.tamper;

import com.fasterxml.jackson.databind.JsonNode;
import io.authstream.analyzer.engine.AlertFacts;
import io.authstream.schemas.record.AlertSeverity;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Attack Protection weakened: a PATCH/PUT/POST to {@code /v2/attack-protection/<feature>} (or the
 * Dashboard's captcha endpoint) that sets {@code enabled: false} (critical for brute-force
 * protection and suspicious-IP throttling), sets {@code shields} without {@code block} (also the
 * breached-password signup stage), turns a bot-detection policy {@code off}/{@code never}, or
 * allow-lists an address not in {@code known-allowlist}.
 */
public final class AttackProtectionWeakened extends TamperDetection {
    public static final String NAME = "attack-protection-weakened";
    private static final Pattern PATH = Pattern.compile(
            "/v2/attack-protection/(brute-force-protection|breached-password-detection|suspicious-ip-throttling|bot-detection|captcha)"
                    + "|/v2/anomaly/(captchas?)");
    private static final Set<String> CRITICAL_WHEN_OFF = Set.of("brute-force-protection", "suspicious-ip-throttling");
    private static final Set<String> SHIELDED = Set.of("brute-force-protection", "breached-password-detection",
            "suspicious-ip-throttling");
    private static final List<String> POLICIES = List.of("policy", "passwordless_policy", "password_reset_policy",
            "challenge_password_policy", "challenge_passwordless_policy", "challenge_password_reset_policy");
    private final Set<String> knownAllowlist;

    AttackProtectionWeakened(Settings s) {
        super(s, "Attack Protection weakened");
        knownAllowlist = s.list("known-allowlist", Set.of());
    }

    @Override
    Change inspect(ApiChange c) {
        Matcher m = c.path(PATH);
        if (m == null || !c.method("PATCH", "PUT", "POST")) {
            return null;
        }
        String feature = m.group(1) != null ? m.group(1) : "captcha";
        Change ch = new Change(feature);
        if (ApiChange.isFalse(c.changed("enabled"))) {
            ch.add("disabled", CRITICAL_WHEN_OFF.contains(feature) ? AlertSeverity.CRITICAL : AlertSeverity.HIGH, "enabled=false");
        }
        if (SHIELDED.contains(feature)) {
            unblocked(ch, c.changed("shields"), "blocking removed", "shields");
            unblocked(ch, c.changed("stage", "pre-user-registration", "shields"), "signup blocking removed",
                    "stage.pre-user-registration.shields");
        }
        for (String p : POLICIES) {
            String v = c.changed(p).asText("");
            if ("off".equalsIgnoreCase(v) || "never".equalsIgnoreCase(v)) {
                ch.add("bot detection off", AlertSeverity.HIGH, p + "=" + v);
            }
        }
        List<String> added = minus(ApiChange.strings(c.changed("allowlist")), knownAllowlist);
        if (!added.isEmpty()) {
            ch.add("allow-list widened", AlertSeverity.HIGH, "allowlist+=" + join(added));
        }
        return ch;
    }

    private static void unblocked(Change ch, JsonNode shields, String finding, String field) {
        if (shields.isArray() && !ApiChange.strings(shields).contains("block")) {
            ch.add(finding, AlertSeverity.HIGH, field + "=[" + join(ApiChange.strings(shields)) + "]");
        }
    }

    @Override
    String runbook(AlertFacts f) {
        return "Attack Protection for " + f.g("target") + " was weakened (" + f.d("changed", "?") + "): while it is off, "
                + "brute-force, credential-stuffing and bot traffic is no longer blocked by Auth0.";
    }
}
