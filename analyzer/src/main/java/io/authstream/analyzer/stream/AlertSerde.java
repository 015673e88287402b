package io.authstream.analyzer.stream;

import io.authstream.schemas.record.Alert;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** JSON serde of {@link Alert} (schema {@code alert.schema.json}). */
public final class AlertSerde {
    private AlertSerde() {
    }

    public static Serde<Alert> serde() {
        Serializer<Alert> ser = (topic, a) -> a == null ? null : a.toJson();
        Deserializer<Alert> de = (topic, b) -> b == null ? null : Alert.fromJson(b);
        return Serdes.serdeFrom(ser, de);
    }
}
