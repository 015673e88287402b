package io.authstream.schemas.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstream.schemas.config.Config;
import io.authstream.schemas.config.ConfigException;
import io.authstream.schemas.event.EnvelopeLimits;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsTest {

    @Test
    void describesTheThreeTopicsWithTheirFormats() {
        Topics t = Topics.defaults();

        assertThat(t.all()).extracting(TopicDescriptor::name).containsExactly("auth0-log-events", "auth0-log-events-rejected", "auth0-alerts");
        assertThat(t.events().keyFormat()).isEqualTo(TopicDescriptor.Format.UTF8_STRING);
        assertThat(t.events().valueFormat()).as("the original event bytes, untouched").isEqualTo(TopicDescriptor.Format.RAW_JSON);
        assertThat(t.rejected().valueFormat()).isEqualTo(TopicDescriptor.Format.JSON);
        assertThat(t.alerts().valueFormat()).isEqualTo(TopicDescriptor.Format.JSON);
        assertThat(t.events().partitions()).isEqualTo(3);
        assertThat(t.alerts().partitions()).isEqualTo(3);
        assertThat(t.rejected().partitions()).isEqualTo(1);
    }

    @Test
    void keepsEventsAWeekAndDeadLettersAndAlertsAMonth() {
        Topics t = Topics.defaults();

        assertThat(t.events().configs()).containsEntry("retention.ms", "604800000").containsEntry("compression.type", "producer");
        assertThat(t.rejected().configs()).containsEntry("retention.ms", "2592000000")
                .containsEntry("retention.bytes", String.valueOf(2L * 1024 * 1024 * 1024));
        assertThat(t.alerts().configs()).containsEntry("retention.ms", "2592000000");
    }

    @Test
    void letsTheLargestValidEventThroughEveryTopic() {
        assertThat(Topics.defaults().all()).allSatisfy(d -> assertThat(Integer.parseInt(d.configs().get("max.message.bytes")))
                .isGreaterThan(EnvelopeLimits.DEFAULT.maxEventBytes() + 64 * 1024));
    }

    @Test
    void prefixesEveryName() {
        Topics t = new Topics("prod.eu-", 6);

        assertThat(t.all()).extracting(TopicDescriptor::name).containsExactly("prod.eu-auth0-log-events", "prod.eu-auth0-log-events-rejected",
                "prod.eu-auth0-alerts");
        assertThat(t.events().partitions()).isEqualTo(6);
        assertThat(t.rejected().partitions()).isEqualTo(1);
    }

    @Test
    void readsPrefixAndPartitionsFromConfiguration() {
        Topics t = Topics.from(Config.load(null, Map.of("AUTHSTREAM_TOPICS_PREFIX", "staging-", "AUTHSTREAM_TOPICS_PARTITIONS", "12")));

        assertThat(t).isEqualTo(new Topics("staging-", 12));
        assertThat(Topics.from(Config.of(Map.of()))).isEqualTo(Topics.defaults());
        assertThatThrownBy(() -> Topics.from(Config.of(Map.of("topics.prefix", "bad prefix"))))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("topics.prefix: topic prefix must be");
        assertThatThrownBy(() -> Topics.from(Config.of(Map.of("topics.partitions", "0"))))
                .isInstanceOf(ConfigException.class).hasMessage("topics.partitions must be positive, was 0.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b-", "prod/", "ünï-", "x:"})
    void refusesAPrefixKafkaWouldRefuse(String prefix) {
        assertThatThrownBy(() -> new Topics(prefix, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was '" + prefix + "'");
    }

    @Test
    void refusesAPrefixThatMakesANameLongerThanKafkaAllows() {
        String longest = "p".repeat(249 - "auth0-log-events-rejected".length());

        assertThat(new Topics(longest, 1).rejected().name()).hasSize(249);
        assertThatThrownBy(() -> new Topics(longest + "p", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Topics("", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesDistinctHeadersInOneNamespace() {
        List<String> headers = List.of(Topics.HEADER_STREAM, Topics.HEADER_TENANT, Topics.HEADER_RECEIVED_AT, Topics.HEADER_REASON);

        assertThat(headers).doesNotHaveDuplicates().allSatisfy(h -> assertThat(h).matches("authstream-[a-z-]+"));
    }

    @Test
    void isImmutable() {
        Map<String, String> configs = new HashMap<>(Map.of("a", "1"));
        TopicDescriptor d = new TopicDescriptor("t", TopicDescriptor.Format.UTF8_STRING, TopicDescriptor.Format.JSON, 1, configs);
        configs.put("b", "2");

        assertThat(d.configs()).containsOnlyKeys("a");
        assertThatThrownBy(() -> d.configs().put("c", "3")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new TopicDescriptor("..", TopicDescriptor.Format.UTF8_STRING, TopicDescriptor.Format.JSON, 1, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
