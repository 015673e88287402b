package io.authstream.analyzer.detection.tamper;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.analyzer.stream.Fixture;
import io.authstream.schemas.record.AlertSeverity;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ManagementApiGrantTest {
    private static final String RULE = ManagementApiGrant.NAME;
    private Fixture f = Fixture.defaults();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void grantingWriteScopesToAnUntrustedClientFiresCriticalForACriticalScope() {
        String id = Sapi.send(f, "grant-mgmt-write");
        assertThat(Sapi.firing(f, RULE)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(AlertSeverity.CRITICAL);
            assertThat(a.group()).containsEntry("target", "mallorysToolClient00000000000001");
            assertThat(a.details()).containsEntry("changed", "scope=update:users,create:client_grants")
                    .containsEntry("path", "/v2/client-grants").containsEntry("log_id", id);
        });
    }

    @Test
    void aTrustedClientIsQuiet() {
        f.close();
        f = new Fixture(Map.of("analyzer.detections.management-api-grant.trusted-clients", "mallorysToolClient00000000000001"));
        Sapi.send(f, "grant-mgmt-write");
        assertThat(f.newAlerts()).isEmpty();
    }

    @Test
    void readOnlyScopesAndWriteScopesOnAnotherApiAreQuiet() {
        Sapi.send(f, "grant-mgmt-read-only");
        Sapi.send(f, "grant-own-api-write");
        assertThat(f.newAlerts()).isEmpty();
    }
}
