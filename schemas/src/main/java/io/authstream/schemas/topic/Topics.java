package io.authstream.schemas.topic;

import io.authstream.schemas.config.Config;
import io.authstream.schemas.config.ConfigException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The three topics of authstream, with an optional name prefix (for example {@code prod-}).
 *
 * <ul>
 *   <li>{@code auth0-log-events}: key {@code log_id}, value the original event JSON, headers
 *       {@link #HEADER_STREAM}, {@link #HEADER_TENANT}, {@link #HEADER_RECEIVED_AT};</li>
 *   <li>{@code auth0-log-events-rejected}: dead letters (see {@code RejectedEvent}), header
 *       {@link #HEADER_REASON} too;</li>
 *   <li>{@code auth0-alerts}: key the alert id, value alert JSON.</li>
 * </ul>
 *
 * <p>Trap: an event may be up to 1 MiB ({@code EnvelopeLimits}), more than Kafka's default record
 * limit of about 1 MB. The topics therefore allow {@link #MAX_MESSAGE_BYTES}, and producers must
 * raise {@code max.request.size} to match, or a large valid event fails to produce.
 */
public record Topics(String prefix, int partitions) {
    public static final String EVENTS = "auth0-log-events";
    public static final String REJECTED = "auth0-log-events-rejected";
    public static final String ALERTS = "auth0-alerts";
    /** Header: the configured stream id the event arrived on. */
    public static final String HEADER_STREAM = "authstream-stream";
    /** Header: the tenant label configured for that stream. */
    public static final String HEADER_TENANT = "authstream-tenant";
    /** Header: arrival time at ingest, ISO-8601 UTC. */
    public static final String HEADER_RECEIVED_AT = "authstream-received-at";
    /** Header on dead letters: why it was rejected. */
    public static final String HEADER_REASON = "authstream-reject-reason";
    /** {@code max.message.bytes} of every topic: room for a 1 MiB event plus headers, or its dead letter. */
    public static final int MAX_MESSAGE_BYTES = 2 * 1024 * 1024;
    /** {@code retention.bytes} of the (single-partition) rejected topic: 2 GiB. */
    public static final long REJECTED_RETENTION_BYTES = 2L * 1024 * 1024 * 1024;
    /** Configuration key of the name prefix, e.g. {@code prod-}. */
    public static final String PREFIX_KEY = "topics.prefix";
    /** Configuration key of the partition count used when authstream creates the topics. */
    public static final String PARTITIONS_KEY = "topics.partitions";

    /** Kafka's legal topic characters; the longest name must stay within Kafka's 249. */
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]*");
    private static final int MAX_PREFIX = 249 - REJECTED.length();

    public Topics {
        prefix = prefix == null ? "" : prefix;
        if (!LEGAL.matcher(prefix).matches() || prefix.length() > MAX_PREFIX) {
            throw new IllegalArgumentException("topic prefix must be at most " + MAX_PREFIX
                    + " of the characters a-z, A-Z, 0-9, '.', '_' and '-', was '" + prefix + "'");
        }
        if (partitions <= 0) {
            throw new IllegalArgumentException("partitions must be positive, was " + partitions);
        }
    }

    /** No prefix, 3 partitions. */
    public static Topics defaults() {
        return new Topics("", 3);
    }

    /**
     * {@value #PREFIX_KEY} (default none) and {@value #PARTITIONS_KEY} (default 3).
     *
     * @throws ConfigException naming the key when a value is not allowed
     */
    public static Topics from(Config config) {
        String prefix = config.string(PREFIX_KEY, "");
        int partitions = config.positiveInt(PARTITIONS_KEY, 3);
        try {
            return new Topics(prefix, partitions);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(PREFIX_KEY + ": " + e.getMessage() + ".", e);
        }
    }

    public TopicDescriptor events() {
        // Compressed as the producer sent it; kept for 7 days so a stopped archive or analyzer can catch up.
        return new TopicDescriptor(prefix + EVENTS, TopicDescriptor.Format.UTF8_STRING, TopicDescriptor.Format.RAW_JSON,
                partitions, Map.of("retention.ms", String.valueOf(7L * 24 * 3600 * 1000), "compression.type", "producer",
                        "max.message.bytes", String.valueOf(MAX_MESSAGE_BYTES)));
    }

    /**
     * One partition: dead letters are few, and one ordered log is easiest to inspect and replay.
     * Kept 30 days but at most {@link #REJECTED_RETENTION_BYTES}: a flood of hostile input (every
     * dead letter may be up to 1 MiB) must not fill the brokers' disks; the oldest go first.
     */
    public TopicDescriptor rejected() {
        return new TopicDescriptor(prefix + REJECTED, TopicDescriptor.Format.UTF8_STRING, TopicDescriptor.Format.JSON,
                1, Map.of("retention.ms", String.valueOf(30L * 24 * 3600 * 1000), "max.message.bytes", String.valueOf(MAX_MESSAGE_BYTES),
                        "retention.bytes", String.valueOf(REJECTED_RETENTION_BYTES)));
    }

    public TopicDescriptor alerts() {
        return new TopicDescriptor(prefix + ALERTS, TopicDescriptor.Format.UTF8_STRING, TopicDescriptor.Format.JSON,
                partitions, Map.of("retention.ms", String.valueOf(30L * 24 * 3600 * 1000), "max.message.bytes", String.valueOf(MAX_MESSAGE_BYTES)));
    }

    public List<TopicDescriptor> all() {
        return List.of(events(), rejected(), alerts());
    }
}
