package io.authstream.analyzer.detection.tamper;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.analyzer.stream.Fixture;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InsecureApplicationTest {
    private static final String RULE = InsecureApplication.NAME;
    private Fixture f = Fixture.defaults();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void enablingTheImplicitGrantFires() {
        Sapi.send(f, "app-implicit-enabled");
        assertThat(Sapi.firing(f, RULE)).singleElement().satisfies(a -> {
            assertThat(a.group()).containsEntry("target", "aPpClIeNt0000000000000000000001");
            assertThat(a.details()).containsEntry("change", "insecure grant enabled").containsEntry("changed", "grant_types+=implicit");
        });
    }

    @Test
    void enablingCrossOriginAuthenticationFiresAndDisablingItIsQuiet() {
        Sapi.send(f, "app-cors-enabled");
        assertThat(Sapi.firing(f, RULE)).singleElement().satisfies(a ->
                assertThat(a.details()).containsEntry("change", "cross-origin authentication enabled"));
        Sapi.send(f, "app-cors-disabled");
        assertThat(f.newAlerts()).isEmpty();
    }

    @Test
    void readingAndRotatingASecretFireForAnUnexpectedClientOnly() {
        Sapi.send(f, "app-secret-read");
        Sapi.send(f, "app-secret-rotated");
        assertThat(Sapi.firing(f, RULE)).extracting(a -> a.details().get("change"))
                .containsExactly("client secret read", "client secret rotated");
        f.close();
        f = new Fixture(Map.of("analyzer.detections.insecure-application.trusted-clients", "tfDeployerClient7Hk2Lw9Qx1Zr4Sy8"));
        Sapi.send(f, "app-secret-read");
        Sapi.send(f, "app-secret-rotated");
        assertThat(f.newAlerts()).isEmpty();
    }
}
