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
        java.util.Objects.requireNonNull(keyFormat, "keyFormat");
        java.util.Objects.requireNonNull(valueFormat, "valueFormat");
        if (name == null || !name.matches("[a-zA-Z0-9._-]{1,249}") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("topic name must be 1 to 249 of a-z, A-Z, 0-9, '.', '_', '-' (not . or ..), was '" + name + "'");
        }
        if (partitions <= 0) {
            throw new IllegalArgumentException("partitions must be positive, was " + partitions);
        }
    }
}
