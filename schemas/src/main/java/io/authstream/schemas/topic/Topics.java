package io.authstream.schemas.topic;

import java.util.List;
import java.util.Map;

/**
 * The three topics of authstream, with an optional name prefix (for example {@code prod-}).
 *
 * <ul>
 *   <li>{@code auth0-log-events}: key {@code log_id}, value the original event JSON, headers
 *       {@link #HEADER_STREAM}, {@link #HEADER_TENANT}, {@link #HEADER_RECEIVED_AT};</li>
 *   <li>{@code auth0-log-events-rejected}: dead letters (see {@code RejectedEvent});</li>
 *   <li>{@code auth0-alerts}: key the alert id, value alert JSON.</li>
 * </ul>
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

    public Topics {
        prefix = prefix == null ? "" : prefix;
        if (partitions <= 0) {
            throw new IllegalArgumentException("partitions must be positive, was " + partitions);
        }
    }

    /** No prefix, 3 partitions. */
    public static Topics defaults() {
        return new Topics("", 3);
    }

    public TopicDescriptor events() {
        // Compressed on the broker side as produced; kept for 7 days so a stopped archive can catch up.
        return new TopicDescriptor(prefix + EVENTS, TopicDescriptor.Format.UTF8_STRING, TopicDescriptor.Format.RAW_JSON,
                partitions, Map.of("retention.ms", String.valueOf(7L * 24 * 3600 * 1000), "compression.type", "producer"));
    }

    public TopicDescriptor rejected() {
        return new TopicDescriptor(prefix + REJECTED, TopicDescriptor.Format.UTF8_STRING, TopicDescriptor.Format.JSON,
                1, Map.of("retention.ms", String.valueOf(30L * 24 * 3600 * 1000)));
    }

    public TopicDescriptor alerts() {
        return new TopicDescriptor(prefix + ALERTS, TopicDescriptor.Format.UTF8_STRING, TopicDescriptor.Format.JSON,
                partitions, Map.of("retention.ms", String.valueOf(30L * 24 * 3600 * 1000)));
    }

    public List<TopicDescriptor> all() {
        return List.of(events(), rejected(), alerts());
    }
}
