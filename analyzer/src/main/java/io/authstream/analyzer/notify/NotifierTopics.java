package io.authstream.analyzer.notify;

import io.authstream.schemas.topic.TopicDescriptor;
import io.authstream.schemas.topic.Topics;
import java.util.Map;

/** The notifier's own topic, beside the three of {@link Topics}. */
final class NotifierTopics {
    /** Delivery state (see {@link DeliveryState}), name prefixed like the others. */
    static final String STATE = "auth0-notifier-state";

    private NotifierTopics() {
    }

    /**
     * Compacted, so the latest entry per key is kept for ever and deleted entries (tombstones) go
     * after a day; one partition, because it is small and read whole at start.
     */
    static TopicDescriptor state(Topics topics) {
        return new TopicDescriptor(topics.prefix() + STATE, TopicDescriptor.Format.UTF8_STRING, TopicDescriptor.Format.JSON,
                1, Map.of("cleanup.policy", "compact", "delete.retention.ms", String.valueOf(24L * 3600 * 1000),
                        "min.compaction.lag.ms", "0"));
    }
}
