package io.authstream.pull;

import io.authstream.schemas.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The idempotent {@code acks=all} producer of pulled events, with ingest's defaults (lz4, room for
 * a 1 MiB event). {@link #publish} waits for every acknowledgement, so a checkpoint written after it
 * never runs ahead of what Kafka holds.
 */
public final class KafkaEventSink implements EventSink {
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(60);
    private final KafkaProducer<String, byte[]> producer;

    public KafkaEventSink(Map<String, String> kafka, String clientId) {
        this.producer = new KafkaProducer<>(producerProperties(kafka, clientId));
    }

    static Map<String, Object> producerProperties(Map<String, String> kafka, String clientId) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(Topics.MAX_MESSAGE_BYTES));
        kafka.forEach((k, v) -> {
            if (ProducerConfig.configNames().contains(k)) {
                p.put(k, v);
            }
        });
        // Forced: a checkpoint promises the events are replicated, and retries must not duplicate.
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    @Override
    public void publish(List<ProducerRecord<String, byte[]>> records) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        try {
            for (ProducerRecord<String, byte[]> r : records) {
                acks.add(producer.send(r));
            }
            long deadline = System.nanoTime() + ACK_TIMEOUT.toNanos();
            for (Future<RecordMetadata> f : acks) {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new PullException("Kafka did not acknowledge the page: " + e, false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PullException("interrupted while producing", false, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
