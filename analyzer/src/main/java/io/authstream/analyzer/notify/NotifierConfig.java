package io.authstream.analyzer.notify;

import io.authstream.schemas.config.Config;
import io.authstream.schemas.config.HostName;
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
 * @param instanceId     {@code notifier.instance-id}: the static group member id ({@code group.instance.id}), so a
 *                       restarted notifier gets its partitions back at once instead of after the session timeout;
 *                       default {@code auto}: {@code <group-id>-<host name>}; {@code none} turns static membership off
 * @param sessionTimeout {@code notifier.session-timeout}: how long the group waits for a member that vanished
 * @param coolDown       {@code notifier.cool-down}: after a firing is sent for a condition (alert key), further
 *                       firings of it at the same or lower severity are not sent to that destination for this long
 * @param maxAge         {@code notifier.max-age}: an alert never sent to a destination is not sent there when it
 *                       was emitted longer ago than this when read (resolutions of sent alerts always are)
 * @param initialBackoff {@code notifier.retry.initial-backoff}
 * @param maxBackoff     {@code notifier.retry.max-backoff}: retries go on for ever, at most this far apart
 * @param queueCapacity  {@code notifier.queue-capacity}: deliveries waiting per destination before the consumer
 *                       stops reading (nothing is dropped)
 * @param destinations   {@code notifier.destinations.<name>.*}; a console destination when none is configured;
 *                       {@code notifier.rate-limit.per-minute} is the default of each one's
 *                       {@code rate-limit.per-minute} (0, the default: no limit)
 */
public record NotifierConfig(String bootstrapServers, String groupId, String instanceId, Duration sessionTimeout,
                             Topics topics, Map<String, String> kafka, Duration coolDown, Duration maxAge,
                             Duration initialBackoff, Duration maxBackoff, int queueCapacity,
                             List<DestinationConfig> destinations) {
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
        boolean insecure = c.bool("notifier.allow-insecure-http", false);
        List<DestinationConfig> ds = new ArrayList<>();
        int rate = DestinationConfig.rate(c, "notifier.rate-limit.per-minute", 0);
        for (String name : c.children("notifier.destinations")) {
            ds.add(DestinationConfig.from(c, name, insecure, rate));
        }
        if (ds.isEmpty()) {
            ds.add(DestinationConfig.console());
        }
        Duration initial = c.positiveDuration("notifier.retry.initial-backoff", Duration.ofMillis(500));
        Duration max = c.positiveDuration("notifier.retry.max-backoff", Duration.ofSeconds(30));
        if (max.compareTo(initial) < 0) {
            throw new ConfigException("notifier.retry.max-backoff must not be shorter than notifier.retry.initial-backoff.");
        }
        String group = c.string("notifier.group-id", "authstream-notifier");
        String instance = c.string("notifier.instance-id", "auto");
        if (instance.equals("auto")) {
            instance = HostName.instanceId(group);
        }
        Duration session = c.positiveDuration("notifier.session-timeout", Duration.ofSeconds(10));
        if (session.compareTo(Duration.ofSeconds(6)) < 0) {
            throw new ConfigException("notifier.session-timeout must be at least 6s (the broker's default minimum), was "
                    + session + ".");
        }
        return new NotifierConfig(bootstrap, group, instance.equals("none") ? "" : instance, session,
                new Topics(c.string("topics.prefix", ""), c.positiveInt("topics.partitions", 3)), kafka,
                c.duration("notifier.cool-down", Duration.ofMinutes(15)),
                c.positiveDuration("notifier.max-age", Duration.ofHours(24)), initial, max,
                c.positiveInt("notifier.queue-capacity", 1000), ds);
    }

    /** The same settings with other destinations (for wiring {@code authstream local}). */
    public NotifierConfig withDestinations(List<DestinationConfig> ds) {
        return new NotifierConfig(bootstrapServers, groupId, instanceId, sessionTimeout, topics, kafka, coolDown, maxAge,
                initialBackoff, maxBackoff, queueCapacity, ds);
    }

    @Override
    public String toString() {
        return "NotifierConfig[bootstrap=" + bootstrapServers + ", groupId=" + groupId + ", instanceId="
                + (instanceId.isEmpty() ? "none" : instanceId) + ", topic=" + topics.alerts().name() + ", stateTopic="
                + NotifierTopics.state(topics).name() + ", coolDown=" + coolDown + ", maxAge=" + maxAge + ", backoff="
                + initialBackoff + ".." + maxBackoff + ", queueCapacity=" + queueCapacity + ", destinations="
                + destinations + "]";
    }
}
