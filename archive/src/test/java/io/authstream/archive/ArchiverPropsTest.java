package io.authstream.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.schemas.config.Config;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class ArchiverPropsTest {
    private static ArchiveConfig config(Map<String, String> extra) {
        Map<String, String> m = new java.util.HashMap<>(Map.of("kafka.bootstrap.servers", "127.0.0.1:9092"));
        m.putAll(extra);
        return ArchiveConfig.from(Config.of(m));
    }

    @Test
    void readsOnlyCommittedRecordsWhateverTheKafkaSettingsSay() {
        Map<String, Object> p = Archiver.consumerProps(config(Map.of("kafka.isolation.level", "read_uncommitted")));

        assertThat(p).containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    }

    @Test
    void joinsAsAStaticMemberNamedAfterTheHostWithAShortSession() {
        Map<String, Object> p = Archiver.consumerProps(config(Map.of()));

        assertThat((String) p.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)).startsWith("archive-").hasSizeGreaterThan(8);
        assertThat(p).containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
    }

    @Test
    void aConfiguredInstanceIdWinsAndAnEmptyOneMeansDynamicMembership() {
        assertThat(Archiver.consumerProps(config(Map.of("kafka.group.instance.id", "archive-a"))))
                .containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "archive-a");
        assertThat(Archiver.consumerProps(config(Map.of("kafka.group.instance.id", ""))))
                .doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    }
}
