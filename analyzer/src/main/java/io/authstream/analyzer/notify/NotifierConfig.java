package io.authstream.analyzer.notify;

import io.authstream.schemas.config.Config;
import io.authstream.schemas.config.ConfigException;
import io.authstream.schemas.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The notifier's configuration, validated when loaded.
 *
 * @param groupId        {@code notifier.group-id} (default {@code authstream-notifier})
 * @param coolDown       {@code notifier.cool-down}: after a firing is sent for a condition (alert key), further
 *                       firings of it at the same or lower severity are not sent to that destination for this long
 * @param maxAttempts    {@code notifier.retry.max-attempts}: attempts per delivery, the first included
 * @param initialBackoff {@code notifier.retry.initial-backoff}
 * @param maxBackoff     {@code notifier.retry.max-backoff}
 * @param queueCapacity  {@code notifier.queue-capacity}: deliveries waiting per destination before new ones are dropped
 * @param destinations   {@code notifier.destinations.<name>.*}; a console destination when none is configured
 */
public record NotifierConfig(String bootstrapServers, String groupId, Topics topics, Map<String, String> kafka,
                             Duration coolDown, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                             int queueCapacity, List<DestinationConfig> destinations) {
    public NotifierConfig {
        kafka = Map.copyOf(kafka);
        destinations = List.copyOf(destinations);
    }

    public static NotifierConfig from(Config c) {
        Map<String, String> kafka = c.passThrough("kafka");
        String bootstrap = kafka.get("bootstrap.servers");
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new ConfigException("kafka.bootstrap.servers is required (set it in " + c.source()
                    + " or as AUTHSTREAM_KAFKA_BOOTSTRAP_SERVERS).");
        }
        List<DestinationConfig> ds = new ArrayList<>();
        for (String name : c.children("notifier.destinations")) {
            ds.add(DestinationConfig.from(c, name));
        }
        if (ds.isEmpty()) {
            ds.add(DestinationConfig.console());
        }
        Duration initial = c.positiveDuration("notifier.retry.initial-backoff", Duration.ofMillis(500));
        Duration max = c.positiveDuration("notifier.retry.max-backoff", Duration.ofSeconds(30));
        if (max.compareTo(initial) < 0) {
            throw new ConfigException("notifier.retry.max-backoff must not be shorter than notifier.retry.initial-backoff.");
        }
        return new NotifierConfig(bootstrap, c.string("notifier.group-id", "authstream-notifier"),
                new Topics(c.string("topics.prefix", ""), c.positiveInt("topics.partitions", 3)), kafka,
                c.duration("notifier.cool-down", Duration.ofMinutes(15)), c.positiveInt("notifier.retry.max-attempts", 6),
                initial, max, c.positiveInt("notifier.queue-capacity", 1000), ds);
    }

    /** The same settings with other destinations (for wiring {@code authstream local}). */
    public NotifierConfig withDestinations(List<DestinationConfig> ds) {
        return new NotifierConfig(bootstrapServers, groupId, topics, kafka, coolDown, maxAttempts, initialBackoff,
                maxBackoff, queueCapacity, ds);
    }

    @Override
    public String toString() {
        return "NotifierConfig[bootstrap=" + bootstrapServers + ", groupId=" + groupId + ", topic=" + topics.alerts().name()
                + ", coolDown=" + coolDown + ", maxAttempts=" + maxAttempts + ", backoff=" + initialBackoff + ".."
                + maxBackoff + ", queueCapacity=" + queueCapacity + ", destinations=" + destinations + "]";
    }
}
