package io.authstream.analyzer.detection;

import static io.authstream.analyzer.stream.Fixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.analyzer.stream.Fixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Alerts name the stable identities a responder acts on: user ids, client ids, IPs. */
class SubjectsTest {
    private final Fixture f = Fixture.defaults();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void bruteForceGroupsByUserNameButCitesEveryUserIdSeen() {
        f.send("fp", T0, "ip", "192.0.2.1", "user_name", "Alice@Example.com", "user_id", "auth0|a1");
        f.send("fp", T0.plusSeconds(1), "ip", "192.0.2.1", "user_name", "alice@example.com", "user_id", "auth0|a2");
        f.send("fu", T0.plusSeconds(2), "ip", "192.0.2.1", "user_name", "alice@example.com");
        f.send("fp", T0.plusSeconds(3), "ip", "192.0.2.1", "user_name", "alice@example.com", "user_id", "auth0|a1");
        f.send("fp", T0.plusSeconds(4), "ip", "192.0.2.1", "user_name", "alice@example.com", "user_id", "auth0|a1");
        assertThat(f.newAlerts("brute-force")).singleElement().satisfies(a -> {
            assertThat(a.group()).containsExactly(Map.entry("user", "alice@example.com"));
            assertThat(a.subjects()).containsEntry("user_id", List.of("auth0|a1", "auth0|a2"))
                    .containsEntry("user_name", List.of("Alice@Example.com", "alice@example.com"));
        });
    }

    @Test
    void mfaRulesFollowTheUserIdAcrossUserNameChanges() {
        for (int i = 0; i < 5; i++) {
            f.send("gd_send_pn", T0.plus(Duration.ofMinutes(i)), "user_id", "auth0|e", "user_name", i < 3 ? "erin" : "erin@new.example");
        }
        assertThat(f.newAlerts("mfa-push-fatigue")).singleElement().satisfies(a -> {
            assertThat(a.group()).containsExactly(Map.entry("user", "auth0|e"));
            assertThat(a.subjects()).containsEntry("user_id", List.of("auth0|e"))
                    .containsEntry("user_name", List.of("erin", "erin@new.example"));
        });
    }

    @Test
    void mfaRulesFallBackToTheUserNameWithoutAUserId() {
        for (int i = 0; i < 5; i++) {
            f.send("gd_auth_failed", T0.plus(Duration.ofMinutes(i)), "user_name", "Frank");
        }
        assertThat(f.newAlerts("mfa-failures")).singleElement().satisfies(a -> {
            assertThat(a.group()).containsExactly(Map.entry("user", "frank"));
            assertThat(a.subjects()).containsOnlyKeys("user_name");
        });
    }

    @Test
    void breachedPasswordGroupsByUserIdAndIp() {
        f.send("pwd_leak", T0, "ip", "192.0.2.7", "user_name", "gina", "user_id", "auth0|g");
        assertThat(f.newAlerts("breached-password")).singleElement().satisfies(a -> {
            assertThat(a.group()).containsEntry("user", "auth0|g").containsEntry("ip", "192.0.2.7");
            assertThat(a.subjects()).containsEntry("user_id", List.of("auth0|g")).containsEntry("user_name", List.of("gina"))
                    .containsEntry("ip", List.of("192.0.2.7"));
        });
    }

    @Test
    void refreshTokenReuseCarriesUserAndClient() {
        f.send("ferrt", T0, "user_name", "gina", "user_id", "auth0|g", "client_id", "spa", "client_name", "Web app");
        assertThat(f.newAlerts("refresh-token-reuse")).singleElement().satisfies(a -> {
            assertThat(a.group()).containsEntry("user", "auth0|g").containsEntry("client_id", "spa");
            assertThat(a.subjects()).containsEntry("user_id", List.of("auth0|g")).containsEntry("client_id", List.of("spa"))
                    .containsEntry("client_name", List.of("Web app"));
        });
    }

    @Test
    void clientAlertsCarryClientIdAndNameAndIpAlertsTheIp() {
        for (int i = 0; i < 5; i++) {
            f.send("fapi", T0.plusSeconds(i), "client_id", "prov", "client_name", "Provisioner");
        }
        for (int i = 0; i < 20; i++) {
            f.send("fp", T0.plusSeconds(i), "ip", "203.0.113.9", "user_name", "u" + i);
        }
        var alerts = f.newAlerts();
        assertThat(alerts).filteredOn(a -> a.rule().equals("management-api-failures")).singleElement()
                .satisfies(a -> assertThat(a.subjects()).containsEntry("client_id", List.of("prov"))
                        .containsEntry("client_name", List.of("Provisioner")));
        assertThat(alerts).filteredOn(a -> a.rule().equals("credential-stuffing")).singleElement()
                .satisfies(a -> assertThat(a.subjects()).containsExactly(Map.entry("ip", List.of("203.0.113.9"))));
    }
}
