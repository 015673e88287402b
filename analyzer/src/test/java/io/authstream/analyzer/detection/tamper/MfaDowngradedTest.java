package io.authstream.analyzer.detection.tamper;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.analyzer.stream.Fixture;
import io.authstream.schemas.record.AlertSeverity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MfaDowngradedTest {
    private static final String RULE = MfaDowngraded.NAME;
    private final Fixture f = Fixture.defaults();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void settingTheMfaPolicyToNeverFires() {
        String id = Sapi.send(f, "mfa-policy-never");
        assertThat(Sapi.firing(f, RULE)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(AlertSeverity.HIGH);
            assertThat(a.group()).containsEntry("target", "mfa-policy");
            assertThat(a.details()).containsEntry("change", "MFA policy set to never").containsEntry("changed", "policies=[]")
                    .containsEntry("path", "/v2/guardian/policies").containsEntry("log_id", id);
        });
    }

    @Test
    void settingTheMfaPolicyToAlwaysIsQuiet() {
        // Okta's mfa_downgrade_disable_mfa_policies matches exactly this (its condition is inverted)
        Sapi.send(f, "mfa-policy-always");
        assertThat(f.newAlerts()).isEmpty();
    }

    @Test
    void disablingAFactorFiresPerFactorAndReEnablingItIsQuiet() {
        Sapi.send(f, "mfa-factor-otp-disabled");
        assertThat(Sapi.firing(f, RULE)).singleElement().satisfies(a -> {
            assertThat(a.group()).containsEntry("target", "factor:otp");
            assertThat(a.details()).containsEntry("change", "factor otp disabled");
        });
        Sapi.send(f, "mfa-factor-otp-enabled");
        assertThat(f.newAlerts()).isEmpty();
    }

    @Test
    void turningAdaptiveMfaRiskAssessmentOffFires() {
        Sapi.send(f, "mfa-risk-assessment-off");
        assertThat(Sapi.firing(f, RULE)).singleElement().satisfies(a -> {
            assertThat(a.group()).containsEntry("target", "risk-assessment");
            assertThat(a.details()).containsEntry("changed", "AfterAuthentication=false");
        });
    }
}
