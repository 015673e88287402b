package io.authstream.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.analyzer.engine.AnalyzerMetrics;
import io.authstream.analyzer.stream.DeadLetters;
import io.authstream.schemas.config.Config;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class AnalyzerPropertiesTest {
    private static Properties props(Map<String, String> extra) {
        Map<String, String> m = new HashMap<>(Map.of("kafka.bootstrap.servers", "127.0.0.1:9092"));
        m.putAll(extra);
        return Analyzer.properties(AnalyzerConfig.from(Config.of(m)), AnalyzerMetrics.inMemory());
    }

    @Test
    void aDeadLetterTheBrokerRefusesIsHandledNotFatal() {
        assertThat(props(Map.of())).containsEntry(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetters.class.getName());
    }

    @Test
    void joinsAsAStaticMemberNamedAfterTheHostWithAShortSession() {
        Properties p = props(Map.of());

        assertThat(p.getProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)).startsWith("analyzer-");
        assertThat(p).containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
    }

    @Test
    void aConfiguredInstanceIdOrSessionWinsAndAnEmptyIdMeansDynamicMembership() {
        Properties p = props(Map.of("kafka.group.instance.id", "analyzer-a", "kafka.session.timeout.ms", "20000"));
        assertThat(p).containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "analyzer-a")
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "20000");
        assertThat(props(Map.of("kafka.group.instance.id", ""))).doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    }
}
