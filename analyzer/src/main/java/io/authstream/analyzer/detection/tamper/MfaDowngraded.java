package io.authstream.analyzer.detection.tamper;

import io.authstream.analyzer.engine.AlertFacts;
import io.authstream.schemas.record.AlertSeverity;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MFA downgraded: PUT {@code /v2/guardian/policies} with an empty list (MFA "Never"); PUT/PATCH
 * {@code /v2/guardian/factors/<factor>} with {@code enabled: false}; PUT/PATCH of the risk-assessment
 * configuration ({@code /v2/risk-assessment/config}, {@code /v2/risk-assessments/settings}) with
 * {@code AfterAuthentication: false} or {@code enabled: false} (Adaptive MFA off).
 */
public final class MfaDowngraded extends TamperDetection {
    public static final String NAME = "mfa-downgraded";
    private static final Pattern POLICIES = Pattern.compile("/v2/guardian/policies");
    private static final Pattern FACTOR = Pattern.compile("/v2/guardian/factors/([^/]+)");
    private static final Pattern RISK = Pattern.compile("/v2/risk-assessments?/(config|settings)");

    MfaDowngraded(Settings s) {
        super(s, "MFA downgraded");
    }

    @Override
    Change inspect(ApiChange c) {
        if (!c.method("PUT", "PATCH", "POST")) {
            return null;
        }
        if (c.path(POLICIES) != null) {
            var body = c.changed();
            return body.isArray() && body.isEmpty()
                    ? new Change("mfa-policy").add("MFA policy set to never", AlertSeverity.HIGH, "policies=[]") : null;
        }
        Matcher f = c.path(FACTOR);
        if (f != null) {
            return ApiChange.isFalse(c.changed("enabled"))
                    ? new Change("factor:" + f.group(1)).add("factor " + f.group(1) + " disabled", AlertSeverity.HIGH,
                    "enabled=false") : null;
        }
        if (c.path(RISK) != null) {
            Change ch = new Change("risk-assessment");
            if (ApiChange.isFalse(c.changed("AfterAuthentication"))) {
                ch.add("adaptive MFA risk assessment off", AlertSeverity.HIGH, "AfterAuthentication=false");
            }
            if (ApiChange.isFalse(c.changed("enabled"))) {
                ch.add("risk assessment off", AlertSeverity.HIGH, "enabled=false");
            }
            return ch;
        }
        return null;
    }

    @Override
    String runbook(AlertFacts f) {
        return "MFA was weakened (" + f.g("change") + "): accounts whose passwords are known can now be used "
                + "without a second factor.";
    }
}
