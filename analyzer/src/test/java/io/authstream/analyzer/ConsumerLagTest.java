package io.authstream.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

class ConsumerLagTest {
    private final Map<MetricName, Metric> metrics = new HashMap<>();

    private void metric(String group, String name, Map<String, String> tags, double value) {
        MetricName n = new MetricName(name, group, "", tags);
        metrics.put(n, new Metric() {
            @Override
            public MetricName metricName() {
                return n;
            }

            @Override
            public Object metricValue() {
                return value;
            }
        });
    }

    @Test
    void sumsTheRecordsLagOfTheEventsTopicsPartitionsOnly() {
        metric(ConsumerLag.GROUP, ConsumerLag.NAME, Map.of("client-id", "a-consumer", "topic", "auth0-log-events", "partition", "0"), 5);
        metric(ConsumerLag.GROUP, ConsumerLag.NAME, Map.of("client-id", "a-consumer", "topic", "auth0-log-events", "partition", "2"), 7);
        metric(ConsumerLag.GROUP, ConsumerLag.NAME, Map.of("client-id", "a-consumer", "topic", "auth0-log-events", "partition", "1"), Double.NaN);
        metric(ConsumerLag.GROUP, ConsumerLag.NAME, Map.of("client-id", "a-consumer", "topic", "analyzer-signals-repartition", "partition", "0"), 100);
        metric(ConsumerLag.GROUP, "records-lag-max", Map.of("client-id", "a-consumer", "topic", "auth0-log-events"), 9);
        metric("producer-metrics", ConsumerLag.NAME, Map.of("topic", "auth0-log-events", "partition", "0"), 50);
        assertThat(ConsumerLag.of(metrics, "auth0-log-events")).isEqualTo(12);
    }

    @Test
    void isZeroBeforeAnythingWasFetched() {
        assertThat(ConsumerLag.of(metrics, "auth0-log-events")).isZero();
    }
}
