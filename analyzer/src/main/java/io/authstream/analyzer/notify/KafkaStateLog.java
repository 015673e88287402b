package io.authstream.analyzer.notify;

import io.authstream.schemas.topic.TopicDescriptor;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The delivery state on a compacted topic ({@link NotifierTopics#state}), created when missing.
 * Writes wait for {@code acks=all}; reading back assigns every partition (no consumer group) and
 * reads up to the end offsets taken at the start of {@link #catchUp}.
 */
final class KafkaStateLog implements StateLog {
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
    private final String topic;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;

    KafkaStateLog(Map<String, String> kafka, String bootstrap, TopicDescriptor descriptor) {
        this.topic = descriptor.name();
        Map<String, Object> base = new HashMap<>(kafka);
        base.put("bootstrap.servers", bootstrap);
        create(base, descriptor);
        Map<String, Object> pp = new HashMap<>(base);
        pp.keySet().removeIf(k -> k.startsWith("group.") || k.startsWith("isolation.") || k.startsWith("auto.")
                || k.startsWith("session.") || k.startsWith("max.poll") || k.startsWith("enable.auto"));
        Map<String, Object> cp = new HashMap<>(pp);
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        pp.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        pp.put(ProducerConfig.CLIENT_ID_CONFIG, "authstream-notifier-state");
        this.producer = new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer());
        cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        cp.put(ConsumerConfig.CLIENT_ID_CONFIG, "authstream-notifier-state-reader");
        this.consumer = new KafkaConsumer<>(cp, new StringDeserializer(), new ByteArrayDeserializer());
        List<PartitionInfo> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        List<TopicPartition> tps = parts.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(tps);
        consumer.seekToBeginning(tps);
    }

    private static void create(Map<String, Object> base, TopicDescriptor d) {
        Map<String, Object> ap = new HashMap<>();
        base.forEach((k, v) -> {
            if (k.startsWith("security.") || k.startsWith("ssl.") || k.startsWith("sasl.") || k.equals("bootstrap.servers")) {
                ap.put(k, v);
            }
        });
        try (Admin admin = Admin.create(ap)) {
            admin.createTopics(List.of(new NewTopic(d.name(), Optional.of(d.partitions()), Optional.empty())
                    .configs(d.configs()))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create the notifier state topic " + d.name() + ": " + e.getCause(), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Cannot create the notifier state topic " + d.name() + " within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void write(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Writing notifier state failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing notifier state", e);
        }
    }

    @Override
    public synchronized void catchUp(Entry sink) {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(30));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Reading the notifier state topic " + topic + " did not finish within 60 s");
            }
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                sink.accept(r.key(), r.value(), r.timestamp());
            }
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
