package io.authstream.analyzer.detection.tamper;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.analyzer.stream.Fixture;
import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertSeverity;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogStreamTamperingTest {
    private static final String RULE = LogStreamTampering.NAME;
    private Fixture f = new Fixture(Map.of("analyzer.detections.log-stream-tampering.streams", "acme/lst_0000000000012345"));

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void deletingTheStreamAuthstreamReceivesIsCriticalAndPointsAtStreamSilence() {
        String id = Sapi.send(f, "ls-deleted");
        assertThat(Sapi.firing(f, RULE)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(AlertSeverity.CRITICAL);
            assertThat(a.group()).containsEntry("target", "lst_0000000000012345");
            assertThat(a.details()).containsEntry("change", "deleted").containsEntry("method", "DELETE")
                    .containsEntry("received_on", "acme/prod").containsEntry("log_id", id);
            assertThat(a.summary()).contains("expect a stream-silence alert for acme/prod");
            assertThat(a.runbook()).contains("stream-silence");
        });
    }

    @Test
    void aStreamThatIsNotConfiguredAsWatchedIsOnlyHigh() {
        f.close();
        f = Fixture.defaults();
        Sapi.send(f, "ls-deleted");
        assertThat(Sapi.firing(f, RULE)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(AlertSeverity.HIGH);
            assertThat(a.summary()).doesNotContain("expect a stream-silence");
        });
    }

    @Test
    void pausingTheStreamThroughTheApiFiresAndResumingItIsQuiet() {
        Sapi.send(f, "ls-paused");
        assertThat(Sapi.firing(f, RULE)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(AlertSeverity.CRITICAL);
            assertThat(a.group()).containsEntry("actor", "client:tfDeployerClient7Hk2Lw9Qx1Zr4Sy8");
            assertThat(a.details()).containsEntry("change", "paused").containsEntry("changed", "status=paused");
        });
        Sapi.send(f, "ls-resumed");
        assertThat(f.newAlerts()).isEmpty();
    }

    @Test
    void rePointingTheSinkNamesTheNewHostButNeverCopiesTheAuthorizationValue() {
        Sapi.send(f, "ls-repointed");
        Alert a = Sapi.firing(f, RULE).get(0);
        assertThat(a.details()).containsEntry("change", "re-pointed")
                .containsEntry("changed", "sink.httpEndpoint=collector.attacker.example,httpAuthorization");
        assertThat(new String(a.toJson(), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("DO_NOT_LEAK");
    }

    @Test
    void narrowingTheFiltersFiresAndClearingThemIsQuiet() {
        Sapi.send(f, "ls-filters-narrowed");
        assertThat(Sapi.firing(f, RULE)).singleElement().satisfies(a ->
                assertThat(a.details()).containsEntry("changed", "filters=[auth.login.success]"));
        Sapi.send(f, "ls-filters-cleared");
        assertThat(f.newAlerts()).isEmpty();
    }
}
