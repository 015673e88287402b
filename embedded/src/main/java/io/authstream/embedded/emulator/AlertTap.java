package io.authstream.embedded.emulator;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the alerts topic from its current end on a background thread, without a consumer group
 * (so it commits nothing and disturbs no notifier), and keeps every alert it sees.
 */
public final class AlertTap implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final List<ObservedAlert> alerts = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** Starts reading {@code topic} from its end; returns once the end positions are fixed. */
    public AlertTap(String bootstrapServers, String topic, Duration waitForTopic) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer());
        long deadline = System.nanoTime() + waitForTopic.toNanos();
        List<TopicPartition> parts = List.of();
        while (parts.isEmpty()) {
            parts = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (parts.isEmpty() && System.nanoTime() > deadline) {
                consumer.close();
                throw new IllegalStateException("topic " + topic + " does not exist at " + bootstrapServers);
            }
        }
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position); // fix the end now, before anything is posted
        thread = new Thread(this::run, "alert-tap");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    ObservedAlert a = ObservedAlert.parse(r.value());
                    if (a != null) {
                        alerts.add(a);
                    }
                });
            }
        } catch (WakeupException stopping) {
            // close() woke us
        } finally {
            consumer.close();
        }
    }

    public List<ObservedAlert> alerts() {
        return List.copyOf(alerts);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
