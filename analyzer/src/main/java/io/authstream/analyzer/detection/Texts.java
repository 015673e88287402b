package io.authstream.analyzer.detection;

/** Shared runbook phrases (from the operations guidance: status page, recent changes, who, blocked?). */
final class Texts {
    static final String STATUS = "Check status.auth0.com for an Auth0 incident";
    static final String CHANGES = "review recent changes (deploys, Actions, tenant and Attack Protection settings)";

    private Texts() {
    }

    static String blocked(io.authstream.analyzer.engine.AlertFacts f) {
        return "true".equals(f.details().get("attack_protection_blocked"))
                ? "Attack Protection already blocked some of these attempts (limit_* events seen)"
                : "no Attack Protection block was seen yet: check that brute-force protection and suspicious IP throttling are on";
    }
}
