package io.authstream.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstream.schemas.config.Config;
import io.authstream.schemas.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArchiveConfigTest {
    @Test
    void toStringMasksPasswordApiKeyAndKafkaCredentials() {
        ArchiveConfig c = ArchiveConfig.from(Config.of(Map.of(
                "archive.elasticsearch.url", "https://es.internal:9200",
                "archive.elasticsearch.username", "archiver",
                "archive.elasticsearch.password", "hunter2-secret",
                "archive.elasticsearch.api-key", "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==",
                "kafka.bootstrap.servers", "k1:9092",
                "kafka.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"kpw\";")));
        String s = c.toString();
        assertThat(s).doesNotContain("hunter2-secret").doesNotContain("VnVhQ2ZHY0JD").doesNotContain("kpw")
                .contains("archiver").contains("https://es.internal:9200").contains("k1:9092");
        assertThat(c.password().orElseThrow().value()).isEqualTo("hunter2-secret");
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        ArchiveConfig c = ArchiveConfig.from(Config.of(Map.of("kafka.bootstrap.servers", "k1:9092")));
        assertThat(c.maxActions()).isEqualTo(5000);
        assertThat(c.concurrency()).isEqualTo(2);
        assertThat(c.flushInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.layout().prefix()).isEqualTo("auth0-");
        assertThat(c.groupId()).isEqualTo("authstream-archive");
    }

    @Test
    void rejectsBadValuesWithASentenceNamingTheKey() {
        assertThatThrownBy(() -> ArchiveConfig.from(Config.of(Map.of("kafka.bootstrap.servers", "k:1",
                "archive.bulk.max-actions", "-1")))).isInstanceOf(ConfigException.class).hasMessageContaining("archive.bulk.max-actions");
        assertThatThrownBy(() -> ArchiveConfig.from(Config.of(Map.of("kafka.bootstrap.servers", "k:1",
                "archive.elasticsearch.url", "es:9200")))).hasMessageContaining("archive.elasticsearch.url");
        assertThatThrownBy(() -> ArchiveConfig.from(Config.of(Map.of("kafka.bootstrap.servers", "k:1",
                "archive.index-prefix", "Bad Prefix")))).hasMessageContaining("archive.index-prefix");
        assertThatThrownBy(() -> ArchiveConfig.from(Config.of(Map.of("kafka.bootstrap.servers", "k:1",
                "archive.elasticsearch.username", "u")))).hasMessageContaining("set together");
        assertThatThrownBy(() -> ArchiveConfig.from(Config.of(Map.of()))).hasMessageContaining("kafka.bootstrap.servers");
    }
}
