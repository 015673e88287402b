package io.authstream.schemas.topic;

import java.util.Map;

/**
 * An immutable description of a topic: its name, what its keys and values are, and the partition
 * count and configs used when authstream creates it.
 */
public record TopicDescriptor(String name, Format keyFormat, Format valueFormat, int partitions, Map<String, String> configs) {
    /** Wire format of keys and values; Kafka-facing code maps these to serdes. */
    public enum Format {
        /** UTF-8 text, e.g. a {@code log_id}. */
        UTF8_STRING,
        /** The original JSON bytes, passed through untouched. */
        RAW_JSON,
        /** JSON written by authstream according to a schema in {@code schemas/json-schema}. */
        JSON
    }

    public TopicDescriptor {
        configs = Map.copyOf(configs);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("topic name must not be blank");
        }
        if (partitions <= 0) {
            throw new IllegalArgumentException("partitions must be positive, was " + partitions);
        }
    }
}
