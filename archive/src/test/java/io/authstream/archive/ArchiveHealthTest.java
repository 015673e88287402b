package io.authstream.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.ops.CheckState;
import io.authstream.ops.HealthSnapshot;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ArchiveHealthTest {
    private final AtomicReference<Archiver.Health> health = new AtomicReference<>();

    @Test
    void isReadyWhenKafkaAndElasticsearchAnswerAndNothingIsStalled() {
        health.set(new Archiver.Health(true, true, true, true, false, false, null));
        HealthSnapshot s = ArchiveHealth.of(health::get).snapshot();
        assertThat(s.ready()).isTrue();
        assertThat(s.startup()).isTrue();
        assertThat(s.checks()).containsOnlyKeys("kafka", "elasticsearch", "delivery");
    }

    @Test
    void namesElasticsearchAndTheStalledDeliveryWhenNotReady() {
        health.set(new Archiver.Health(true, false, false, true, true, true, null));
        HealthSnapshot s = ArchiveHealth.of(health::get).snapshot();
        assertThat(s.ready()).isFalse();
        assertThat(s.live()).isTrue();
        assertThat(s.checks().get("elasticsearch").state()).isEqualTo(CheckState.DOWN);
        assertThat(s.checks().get("delivery").reason()).contains("archive.retry.not-ready-after");
        assertThat(s.checks().get("kafka").isUp()).isTrue();
    }

    @Test
    void isNotLiveOnceTheConsumerLoopHasFailedAndDoesNotShowCredentials() {
        health.set(new Archiver.Health(false, false, true, true, false, false,
                "java.lang.IllegalStateException: bulk to https://elastic:pw@es:9200 refused"));
        HealthSnapshot s = ArchiveHealth.of(health::get).snapshot();
        assertThat(s.live()).isFalse();
        assertThat(s.fatal()).startsWith("stopped: ").doesNotContain(":pw@");
    }
}
