package io.authstream.ingest.kafka;

import io.authstream.ingest.IngestConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The one idempotent producer of ingest ({@code acks=all}, key {@code log_id}, value the original
 * bytes) and the "all acknowledged" future a request waits on.
 *
 * <p>Defaults, each overridable under {@code kafka.}: {@code compression.type=lz4},
 * {@code linger.ms=5}, {@code batch.size=65536}, and delivery/request/blocking timeouts derived from
 * {@code ingest.produce-timeout} so that a record the request gave up on is not delivered much later.
 * {@code acks} and {@code enable.idempotence} are forced (config validation refuses other values).
 */
public final class KafkaPublisher implements AutoCloseable {
    private final Producer<String, byte[]> producer;

    public KafkaPublisher(IngestConfig.Kafka config, String clientId) {
        this.producer = new KafkaProducer<>(producerProperties(config, clientId));
    }

    /** The producer configuration ingest runs with (also used by the benchmark to match settings). */
    public static Map<String, Object> producerProperties(IngestConfig.Kafka config, String clientId) {
        long timeout = config.produceTimeout().toMillis();
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        config.clientProperties().forEach((k, v) -> {
            if (ProducerConfig.configNames().contains(k)) {
                p.put(k, v);
            }
        });
        long linger = Long.parseLong(String.valueOf(p.get(ProducerConfig.LINGER_MS_CONFIG)).strip());
        p.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(timeout));
        p.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(1, timeout - linger)));
        p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeout));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    /**
     * Sends all records; the future completes when every one is acknowledged, or exceptionally with
     * the first failure.
     *
     * <p>Trap: {@code send()} may block the calling thread for up to {@code max.block.ms} when the
     * topic's metadata is unavailable (broker gone) and reports that failure through the callback,
     * not by throwing; the loop stops at the first failure so a request blocks at most once.
     */
    public CompletableFuture<Void> sendAll(List<ProducerRecord<String, byte[]>> records) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (records.isEmpty()) {
            done.complete(null);
            return done;
        }
        AtomicInteger remaining = new AtomicInteger(records.size());
        for (int i = 0; i < records.size(); i++) {
            if (done.isDone()) {
                // A send failed already (often inside send() itself, after blocking up to max.block.ms
                // for metadata): sending the rest would block this thread again for each record.
                break;
            }
            try {
                producer.send(records.get(i), (metadata, error) -> {
                    if (error != null) {
                        done.completeExceptionally(error);
                        return;
                    }
                    if (remaining.decrementAndGet() == 0) {
                        done.complete(null);
                    }
                });
            } catch (RuntimeException e) {
                // send() itself throws on a full buffer or missing metadata after max.block.ms, or when closed.
                done.completeExceptionally(e);
                break;
            }
        }
        return done;
    }

    /** The underlying producer, for client metrics. */
    public Producer<String, byte[]> producer() {
        return producer;
    }

    /** Flushes what is buffered and closes, waiting at most {@code timeout}. */
    public void close(Duration timeout) {
        producer.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
