package io.authstream.pull;

import io.authstream.schemas.topic.TopicDescriptor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Checkpoints on a compacted one-partition topic keyed by tenant, created when missing: every
 * instance reads the same newest value, so two pullers of one tenant agree where to go on.
 * {@link #read} reads the whole topic up to its end offset (it is tiny: one live key per tenant).
 */
public final class KafkaCheckpointStore implements CheckpointStore {
    public static final String TOPIC = "authstream-pull-checkpoints";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final String topic;
    private final Map<String, Object> base;
    private final KafkaProducer<String, byte[]> producer;

    public KafkaCheckpointStore(Map<String, String> kafka, String prefix) {
        this.topic = prefix + TOPIC;
        this.base = new HashMap<>(kafka);
        PullTopics.ensure(only(org.apache.kafka.clients.admin.AdminClientConfig.configNames()), List.of(descriptor(prefix)));
        Map<String, Object> pp = only(ProducerConfig.configNames());
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        pp.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        pp.put(ProducerConfig.CLIENT_ID_CONFIG, "authstream-pull-checkpoint");
        this.producer = new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer());
    }

    /** Compacted, one partition (order per key is all that matters), never deleted by time. */
    public static TopicDescriptor descriptor(String prefix) {
        return new TopicDescriptor(prefix + TOPIC, TopicDescriptor.Format.UTF8_STRING, TopicDescriptor.Format.UTF8_STRING, 1,
                Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "60000"));
    }

    private Map<String, Object> only(java.util.Set<String> names) {
        Map<String, Object> m = new HashMap<>();
        base.forEach((k, v) -> {
            if (names.contains(k)) {
                m.put(k, v);
            }
        });
        return m;
    }

    @Override
    public Optional<String> read(String tenant) {
        Map<String, Object> cp = only(ConsumerConfig.configNames());
        cp.remove(ConsumerConfig.GROUP_ID_CONFIG);
        cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        cp.put(ConsumerConfig.CLIENT_ID_CONFIG, "authstream-pull-checkpoint-reader");
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(cp, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp), TIMEOUT).get(tp);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            String value = null;
            while (c.position(tp, TIMEOUT) < end) {
                if (System.nanoTime() > deadline) {
                    throw new PullException("Reading the checkpoint topic " + topic + " did not finish within 30 s", false);
                }
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (tenant.equals(r.key())) {
                        value = r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8);
                    }
                }
            }
            return Optional.ofNullable(value);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new PullException("Reading the checkpoint topic " + topic + " failed: " + e, false, e);
        }
    }

    @Override
    public void write(String tenant, String logId) {
        try {
            producer.send(new ProducerRecord<>(topic, tenant, logId.getBytes(StandardCharsets.UTF_8)))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new PullException("Writing the checkpoint failed: " + e, false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PullException("interrupted while writing the checkpoint", false, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
