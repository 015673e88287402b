package io.authstream.analyzer;

import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * How many records of one topic this analyzer has yet to read: the sum of its consumers'
 * {@code records-lag} over the topic's partitions it owns (Kafka's fetch-manager metric; a
 * partition not fetched yet reports NaN and is left out). Exported as
 * {@code authstream_analyzer_consumer_lag}, the analyzer's counterpart of the archive's
 * {@code authstream_archive_consumer_lag}.
 */
final class ConsumerLag {
    static final String GROUP = "consumer-fetch-manager-metrics";
    static final String NAME = "records-lag";

    private ConsumerLag() {
    }

    static double of(Map<MetricName, ? extends Metric> metrics, String topic) {
        double sum = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            MetricName n = e.getKey();
            if (n.name().equals(NAME) && n.group().equals(GROUP) && topic.equals(n.tags().get("topic"))
                    && n.tags().containsKey("partition")) {
                Object v = e.getValue().metricValue();
                if (v instanceof Number num && !Double.isNaN(num.doubleValue())) {
                    sum += num.doubleValue();
                }
            }
        }
        return sum;
    }
}
