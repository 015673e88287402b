package io.authstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.ops.CheckState;
import io.authstream.retention.RetentionService;
import io.authstream.schemas.config.Config;
import io.authstream.schemas.config.ConfigException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class HealthChecksTest {
    @Test
    void kafkaStreamsIsUpOnlyWhileRunningAndStartingWhileCreatedOrRebalancing() {
        assertThat(HealthChecks.streams("RUNNING").state()).isEqualTo(CheckState.UP);
        assertThat(HealthChecks.streams("CREATED").state()).isEqualTo(CheckState.STARTING);
        assertThat(HealthChecks.streams("REBALANCING").state()).isEqualTo(CheckState.STARTING);
        assertThat(HealthChecks.streams("ERROR").state()).isEqualTo(CheckState.DOWN);
        assertThat(HealthChecks.streams("PENDING_ERROR").reason()).contains("PENDING_ERROR");
        assertThat(HealthChecks.streams("NOT_RUNNING").state()).isEqualTo(CheckState.DOWN);
    }

    @Test
    void theLastRetentionRunIsAnOptionalCheckThatSaysWhenAndWhyItFailed() {
        assertThat(HealthChecks.lastRun(Optional.empty()).state()).isEqualTo(CheckState.STARTING);
        var failed = HealthChecks.lastRun(Optional.of(new RetentionService.RunOutcome(Instant.parse("2026-12-01T10:00:00Z"), false,
                "ElasticsearchException: index_closed_exception")));
        assertThat(failed.state()).isEqualTo(CheckState.DOWN);
        assertThat(failed.required()).isFalse();
        assertThat(failed.reason()).isEqualTo("failed at 2026-12-01T10:00:00Z: ElasticsearchException: index_closed_exception");
        assertThat(HealthChecks.lastRun(Optional.of(new RetentionService.RunOutcome(Instant.EPOCH, true, null))).isUp()).isTrue();
    }

    @Test
    void eachComponentsOpsHostDefaultsToTheGlobalOpsHostThenLoopback() {
        assertThat(OpsKeys.address(Config.of(Map.of()), "analyzer")).satisfies(a -> {
            assertThat(a.host()).isEqualTo("127.0.0.1");
            assertThat(a.port()).isEqualTo(9403);
        });
        assertThat(OpsKeys.address(Config.of(Map.of("ops.host", "0.0.0.0")), "notifier").host()).isEqualTo("0.0.0.0");
        assertThat(OpsKeys.address(Config.of(Map.of("ops.host", "0.0.0.0", "pull.ops.host", "10.1.2.3", "pull.ops.port", "0")), "pull"))
                .satisfies(a -> {
                    assertThat(a.host()).isEqualTo("10.1.2.3");
                    assertThat(a.port()).isZero();
                });
        Assertions.assertThatThrownBy(() -> OpsKeys.address(Config.of(Map.of("retention.ops.port", "70000")), "retention"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("retention.ops.port must be a port number");
    }

    @Test
    void noTwoComponentsShareADefaultOperationsPortOrTheWebhookPort() {
        var ports = java.util.List.of(io.authstream.ops.OpsPorts.INGEST, io.authstream.ops.OpsPorts.ARCHIVE, OpsKeys.defaultPort("analyzer"),
                OpsKeys.defaultPort("notifier"), OpsKeys.defaultPort("retention"), OpsKeys.defaultPort("pull"), 8080);
        assertThat(ports).doesNotHaveDuplicates();
    }
}
