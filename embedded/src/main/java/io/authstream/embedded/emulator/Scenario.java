package io.authstream.embedded.emulator;

import java.util.Arrays;
import java.util.Locale;

/** Traffic patterns the emulator can generate; {@link #MIXED} combines all attacks over normal traffic. */
public enum Scenario {
    /** Ordinary logins, token exchanges, logouts, the odd wrong password and admin change. */
    NORMAL,
    /** Many failed logins (fu/fp) from one IP across many users, then one success from that IP. */
    CREDENTIAL_STUFFING,
    /** Repeated wrong passwords for one account from a few IPs, then a success, then limit_wc. */
    BRUTE_FORCE,
    /** A burst of api_limit on the Management and Authentication APIs, with warnings first. */
    RATE_LIMIT_STORM,
    /** A burst of failed Management API operations (fapi) from one client. */
    MANAGEMENT_API_FAILURES,
    /** Many MFA push notifications (gd_send_pn) to one user, some rejected. */
    MFA_PUSH_FATIGUE,
    /** Many signups (ss/fs) from one IP. */
    SIGNUP_SURGE,
    /** Normal traffic with a 20-minute gap with no events at all. */
    STREAM_SILENCE,
    /** Normal traffic with credential stuffing, an api_limit storm and fapi failures in it (the demo). */
    MIXED;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Scenario fromId(String id) {
        return Arrays.stream(values()).filter(s -> s.id().equals(id) || s.name().equalsIgnoreCase(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scenario '" + id + "'; one of "
                        + Arrays.stream(values()).map(Scenario::id).toList()));
    }
}
