package io.authstream.analyzer.detection;

import static io.authstream.analyzer.stream.Fixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.analyzer.stream.Fixture;
import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertSeverity;
import io.authstream.schemas.record.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimitHitTest {
    private final Fixture f = Fixture.defaults();

    @AfterEach
    void close() {
        f.close();
    }

    private void limit(Instant at, String client, String path, String bucket) {
        f.send("api_limit", at, "client_id", client, "client_name", "Backoffice",
                "details", Map.of("request", Map.of("method", "GET", "path", path),
                        "limit", Map.of("bucket", bucket, "global", true, "size", 10)));
    }

    @Test
    void firesAtTheFirstRateLimitHitAndTellsManagementFromAuthenticationApi() {
        limit(T0, "m2m-1", "/api/v2/users", "global-management-api");
        List<Alert> a = f.newAlerts("rate-limit");
        assertThat(a).hasSize(1);
        assertThat(a.get(0).severity()).isEqualTo(AlertSeverity.WARNING);
        assertThat(a.get(0).group()).containsEntry("client_id", "m2m-1").containsEntry("api", "management")
                .containsEntry("bucket", "global-management-api");
        assertThat(a.get(0).details()).containsEntry("client_name", "Backoffice").containsEntry("path", "/api/v2/users")
                .doesNotContainKey("attack_protection_blocked");
        assertThat(a.get(0).runbook()).contains("status.auth0.com");
        limit(T0.plusSeconds(1), "spa-1", "/oauth/token", "global-authentication-api");
        assertThat(f.newAlerts("rate-limit")).singleElement().satisfies(x -> assertThat(x.group()).containsEntry("api", "authentication"));
    }

    @Test
    void severityRisesWithTheCountAndEachClientIsItsOwnAlert() {
        for (int i = 0; i < 10; i++) {
            limit(T0.plusSeconds(i), "m2m-1", "/api/v2/users", "b");
        }
        List<Alert> a = f.newAlerts("rate-limit");
        assertThat(a).extracting(Alert::state).containsExactly(AlertState.FIRING, AlertState.UPDATED);
        assertThat(a.get(1).severity()).isEqualTo(AlertSeverity.HIGH);
        assertThat(a).extracting(Alert::count).containsExactly(1L, 10L);
        limit(T0.plusSeconds(20), "m2m-2", "/api/v2/users", "b");
        assertThat(f.firing(f.newAlerts("rate-limit"))).hasSize(1);
    }

    @Test
    void warnsAtEightyPercentAndReportsBurstAllowanceAsInfo() {
        f.send("api_limit_warning", T0, "client_id", "m2m-1", "details",
                Map.of("request", Map.of("method", "GET", "path", "/api/v2/users"),
                        "limit", Map.of("bucket", "b", "global", true, "size", 10, "usage", 8)));
        f.send("appi", T0.plusSeconds(1), "client_id", "m2m-1");
        List<Alert> a = f.newAlerts();
        assertThat(a).extracting(Alert::rule, Alert::severity).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("rate-limit-warning", AlertSeverity.WARNING),
                org.assertj.core.groups.Tuple.tuple("rate-limit-burst", AlertSeverity.INFO));
        assertThat(a.stream().filter(x -> x.rule().equals("rate-limit-warning")).findFirst().orElseThrow().summary())
                .contains("used 8 of 10");
    }

    @Test
    void resolvesWhenNoHitFollowsWithinTheWindow() {
        limit(T0, "m2m-1", "/api/v2/users", "b");
        Alert fired = f.newAlerts("rate-limit").get(0);
        f.advanceWallClock(Duration.ofMinutes(8));
        assertThat(f.newAlerts("rate-limit")).singleElement().satisfies(r -> {
            assertThat(r.state()).isEqualTo(AlertState.RESOLVED);
            assertThat(r.id()).isEqualTo(fired.id());
        });
    }

    @Test
    void subRulesCanBeSwitchedOffSeparately() {
        try (Fixture g = new Fixture(Map.of("analyzer.detections.rate-limit.warning.enabled", "false"))) {
            g.send("api_limit_warning", T0, "client_id", "c");
            g.send("api_limit", T0, "client_id", "c");
            assertThat(g.newAlerts()).extracting(Alert::rule).containsExactly("rate-limit");
        }
    }
}
