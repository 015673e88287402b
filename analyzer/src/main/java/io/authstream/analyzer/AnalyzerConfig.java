package io.authstream.analyzer;

import io.authstream.analyzer.detection.Detection;
import io.authstream.analyzer.detection.Detections;
import io.authstream.analyzer.engine.RuleSpec;
import io.authstream.analyzer.engine.ThresholdRule;
import io.authstream.schemas.catalogue.EventCatalogue;
import io.authstream.schemas.config.Config;
import io.authstream.schemas.config.ConfigException;
import io.authstream.schemas.config.Masking;
import io.authstream.schemas.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The analyzer's configuration, validated when loaded.
 *
 * @param bootstrapServers  {@code kafka.bootstrap.servers}
 * @param applicationId     {@code analyzer.application-id} (Kafka Streams application id, also the consumer group)
 * @param topics            {@code topics.prefix}, {@code topics.partitions}
 * @param stateDir          {@code analyzer.state-dir}; null means Kafka Streams' default temp directory
 * @param inMemoryState     {@code analyzer.state.in-memory}: in-memory stores (change-logged) or RocksDB
 * @param grace             {@code analyzer.grace}: default grace of every window
 * @param dedupRetention    {@code analyzer.dedup.retention}: how long a {@code log_id} is remembered
 * @param punctuation       {@code analyzer.punctuation-interval}: how often wall-clock checks run
 * @param commitInterval    {@code analyzer.commit-interval}: exactly-once commit interval (bounds alert latency)
 * @param createTopics      {@code analyzer.create-topics}: create missing events/rejected/alerts topics at start
 * @param maxFuture         {@code analyzer.max-future}: event dates further ahead of the clock are clamped (keep it
 *                          below the broker's {@code log.message.timestamp.after.max.ms})
 * @param catalogueOverride {@code catalogue.override-file}, or null
 * @param kafka             every {@code kafka.*} key, passed to Kafka Streams as it is
 * @param detections        the twelve detections, built and validated from {@code analyzer.detections.*}
 * @param tenantMetricsMaxPairs {@code analyzer.tenant-metrics.max-pairs}: distinct tenant/client pairs the business
 *                          counters label on their own; further clients count as {@code client="other"} (0: all do)
 */
public record AnalyzerConfig(String bootstrapServers, String applicationId, Topics topics, Path stateDir,
                             boolean inMemoryState, Duration grace, Duration dedupRetention, Duration punctuation,
                             Duration commitInterval, boolean createTopics, Duration maxFuture, Path catalogueOverride, Map<String, String> kafka,
                             EventCatalogue catalogue, List<Detection> detections, int tenantMetricsMaxPairs) {

    public AnalyzerConfig {
        kafka = Map.copyOf(kafka);
        detections = List.copyOf(detections);
    }

    public static AnalyzerConfig from(Config c) {
        Map<String, String> kafka = c.passThrough("kafka");
        String bootstrap = kafka.get("bootstrap.servers");
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new ConfigException("kafka.bootstrap.servers is required (set it in " + c.source()
                    + " or as AUTHSTREAM_KAFKA_BOOTSTRAP_SERVERS).");
        }
        Topics topics = new Topics(c.string("topics.prefix", ""), c.positiveInt("topics.partitions", 3));
        String state = c.string("analyzer.state-dir", "");
        String override = c.string("catalogue.override-file", "");
        EventCatalogue catalogue = EventCatalogue.load(override.isEmpty() ? null : Path.of(override));
        Duration grace = c.duration("analyzer.grace", Duration.ofMinutes(2));
        if (grace.isNegative()) {
            throw new ConfigException("analyzer.grace must not be negative, was " + grace + ".");
        }
        boolean updates = c.bool("analyzer.alerts.updates", true);
        List<Detection> detections = Detections.build(c, catalogue, grace, updates);
        Duration dedup = c.positiveDuration("analyzer.dedup.retention", Duration.ofHours(2));
        for (Detection d : detections) {
            for (RuleSpec r : d.rules()) {
                // a redelivered duplicate adds nothing to a distinct count, so only event counts need dedup to cover them
                if (r instanceof ThresholdRule t && t.threshold() > 1 && t.counted() == ThresholdRule.Counted.EVENTS
                        && t.retention().compareTo(dedup) > 0) {
                    throw new ConfigException("analyzer.dedup.retention (" + dedup + ") must cover the longest counting "
                            + "window plus grace, " + t.retention() + " for " + t.id() + "; raise it.");
                }
            }
        }
        return new AnalyzerConfig(bootstrap, c.string("analyzer.application-id", "authstream-analyzer"), topics,
                state.isEmpty() ? null : Path.of(state), c.bool("analyzer.state.in-memory", true), grace, dedup,
                c.positiveDuration("analyzer.punctuation-interval", Duration.ofSeconds(5)),
                c.positiveDuration("analyzer.commit-interval", Duration.ofMillis(100)),
                c.bool("analyzer.create-topics", true), c.positiveDuration("analyzer.max-future", Duration.ofMinutes(10)),
                override.isEmpty() ? null : Path.of(override), kafka, catalogue, detections,
                tenantMetricsMaxPairs(c));
    }

    private static int tenantMetricsMaxPairs(Config c) {
        int n = c.integer("analyzer.tenant-metrics.max-pairs", 1000);
        if (n < 0) {
            throw new ConfigException("analyzer.tenant-metrics.max-pairs must not be negative, was " + n + ".");
        }
        return n;
    }

    /** Every enabled rule, in detection order. */
    public List<RuleSpec> rules() {
        return detections.stream().flatMap(d -> d.rules().stream()).toList();
    }

    @Override
    public String toString() {
        Map<String, String> shown = Masking.map("kafka", kafka);
        return "AnalyzerConfig[bootstrap=" + bootstrapServers + ", applicationId=" + applicationId + ", topics="
                + topics + ", stateDir=" + stateDir + ", inMemoryState=" + inMemoryState + ", grace=" + grace
                + ", dedupRetention=" + dedupRetention + ", punctuation=" + punctuation + ", commitInterval="
                + commitInterval + ", catalogue=" + catalogue.version() + ", kafka=" + shown + ", rules="
                + rules().stream().map(RuleSpec::id).toList() + "]";
    }
}
