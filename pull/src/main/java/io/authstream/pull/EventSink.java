package io.authstream.pull;

import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Where a page's records go; returns only once every record is acknowledged. */
public interface EventSink extends AutoCloseable {
    void publish(List<ProducerRecord<String, byte[]>> records);

    @Override
    default void close() {
    }
}
