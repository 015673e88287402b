package io.authstream.analyzer.detection.tamper;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.analyzer.stream.Fixture;
import io.authstream.schemas.record.AlertSeverity;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AttackProtectionWeakenedTest {
    private static final String RULE = AttackProtectionWeakened.NAME;
    private final Fixture f = new Fixture(Map.of("analyzer.detections.attack-protection-weakened.known-allowlist", "192.0.2.10"));

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void disablingBruteForceProtectionInTheDashboardIsCriticalAndCitesTheChange() {
        String id = Sapi.send(f, "ap-brute-force-disabled");
        assertThat(Sapi.firing(f, RULE)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(AlertSeverity.CRITICAL);
            assertThat(a.group()).containsEntry("actor", "alice.admin@acme.example")
                    .containsEntry("target", "brute-force-protection");
            assertThat(a.details()).containsEntry("change", "disabled").containsEntry("changed", "enabled=false")
                    .containsEntry("path", "/v2/attack-protection/brute-force-protection").containsEntry("method", "PATCH")
                    .containsEntry("log_id", id);
            assertThat(a.sampleLogIds()).containsExactly(id);
            assertThat(a.summary()).contains("disabled", "brute-force-protection", "alice.admin@acme.example", id);
        });
    }

    @Test
    void reEnablingBruteForceProtectionWithBlockingIsQuiet() {
        Sapi.send(f, "ap-brute-force-reenabled");
        assertThat(f.newAlerts()).isEmpty();
    }

    @Test
    void removingBlockingThroughTheApiFiresRegardlessOfDescriptionWordingAndChannel() {
        // description "Update attack protection settings", channel "api", a Terraform client: Panther's rule misses it
        Sapi.send(f, "ap-breached-password-monitoring-only");
        assertThat(Sapi.firing(f, RULE)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(AlertSeverity.HIGH);
            assertThat(a.group()).containsEntry("actor", "client:tfDeployerClient7Hk2Lw9Qx1Zr4Sy8")
                    .containsEntry("target", "breached-password-detection");
            assertThat(a.details().get("change")).isEqualTo("blocking removed, signup blocking removed");
            assertThat(a.details().get("changed")).contains("shields=[admin_notification]",
                    "stage.pre-user-registration.shields=[]");
        });
    }

    @Test
    void allowListingAnUnknownRangeFiresButAKnownEntryDoesNot() {
        Sapi.send(f, "ap-suspicious-ip-allowlist-widened");
        assertThat(Sapi.firing(f, RULE)).singleElement().satisfies(a -> {
            assertThat(a.details()).containsEntry("change", "allow-list widened")
                    .containsEntry("changed", "allowlist+=198.51.100.0/24");
        });
    }

    @Test
    void anUnrelatedEditOfAnAlreadyDisabledFeatureIsNotANewWeakening() {
        Sapi.send(f, "ap-suspicious-ip-unrelated-edit");
        assertThat(f.newAlerts()).isEmpty();
    }

    @Test
    void settingABotDetectionChallengeToNeverFires() {
        Sapi.send(f, "ap-bot-detection-never");
        assertThat(Sapi.firing(f, RULE)).singleElement().satisfies(a -> {
            assertThat(a.group()).containsEntry("target", "bot-detection");
            assertThat(a.details()).containsEntry("change", "bot detection off")
                    .containsEntry("changed", "challenge_password_policy=never");
        });
    }

    @Test
    void twoDifferentFeaturesWeakenedByOneActorAreTwoAlerts() {
        Sapi.send(f, "ap-brute-force-disabled");
        Sapi.send(f, "ap-suspicious-ip-allowlist-widened");
        assertThat(Sapi.firing(f, RULE)).extracting(a -> a.group().get("target"))
                .containsExactly("brute-force-protection", "suspicious-ip-throttling");
    }
}
