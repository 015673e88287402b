package io.authstream.analyzer.business;

import io.authstream.schemas.catalogue.EventCode;
import io.authstream.schemas.catalogue.Outcome;
import java.util.Optional;

/**
 * The business counters and which event codes feed them, decided from each code's catalogue entry
 * (Auth0 stream filter, ECS fields, signals), not from a list of codes: a catalogue override that
 * adds a login code adds it to the login counter too.
 */
public enum BusinessMeasure {
    /** {@code authstream_tenant_logins_total{outcome=success|failure}}: codes in Auth0's {@code auth.login.success}/{@code auth.login.fail} filters. */
    LOGINS("authstream.tenant.logins", "Logins per tenant and client, by outcome"),
    /** {@code authstream_tenant_signups_total{outcome=success|failure}}: codes in {@code auth.signup.success}/{@code auth.signup.fail}. */
    SIGNUPS("authstream.tenant.signups", "Signups per tenant and client, by outcome"),
    /**
     * {@code authstream_tenant_mfa_challenges_total{outcome=started|success|failure}}: Auth0 Guardian
     * ({@code gd_*}) codes whose ECS entry is an authentication start, i.e. one second-factor attempt.
     */
    MFA_CHALLENGES("authstream.tenant.mfa.challenges", "MFA challenges per tenant and client, by outcome"),
    /** {@code authstream_tenant_rate_limit_hits_total{type=<code>}}: codes the catalogue tags {@code rate-limited}. */
    RATE_LIMIT_HITS("authstream.tenant.rate.limit.hits", "Rate-limit and attack-protection limit hits per tenant and client, by event code");

    /** Auth0 prefixes every Guardian (MFA) event code with this. */
    static final String GUARDIAN_PREFIX = "gd_";
    private final String meterName;
    private final String description;

    BusinessMeasure(String meterName, String description) {
        this.meterName = meterName;
        this.description = description;
    }

    /** The Micrometer name; Prometheus shows it with dots as underscores and {@code _total}. */
    public String meterName() {
        return meterName;
    }

    public String description() {
        return description;
    }

    /**
     * The value of this measure's third label for an event of {@code code}, or empty if the code
     * does not count here. The label is {@code outcome}, except for rate-limit hits ({@code type}).
     */
    public Optional<String> label(EventCode code) {
        if (!code.known()) {
            return Optional.empty();
        }
        return switch (this) {
            case LOGINS -> filterOutcome(code, "auth.login.");
            case SIGNUPS -> filterOutcome(code, "auth.signup.");
            case MFA_CHALLENGES -> code.code().startsWith(GUARDIAN_PREFIX) && code.ecsCategory().contains("authentication")
                    && code.ecsType().contains("start")
                    ? Optional.of(code.outcome() == Outcome.UNKNOWN ? "started" : code.outcome().id()) : Optional.empty();
            case RATE_LIMIT_HITS -> code.hasSignal("rate-limited") ? Optional.of(code.code()) : Optional.empty();
        };
    }

    /** The third label's name. */
    public String labelName() {
        return this == RATE_LIMIT_HITS ? "type" : "outcome";
    }

    /** {@code <prefix>success} → success, {@code <prefix>fail} → failure; anything else (notifications) does not count. */
    private static Optional<String> filterOutcome(EventCode code, String prefix) {
        String f = code.auth0Filter();
        if (f.equals(prefix + "success")) {
            return Optional.of("success");
        }
        return f.equals(prefix + "fail") ? Optional.of("failure") : Optional.empty();
    }
}
