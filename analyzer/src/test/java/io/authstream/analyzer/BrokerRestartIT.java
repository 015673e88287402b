package io.authstream.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.embedded.EmbeddedKafka;
import io.authstream.embedded.Ports;
import io.authstream.schemas.config.Config;
import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertState;
import io.authstream.schemas.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker restarts under a running analyzer (same data directory and port, as a broker pod or
 * service restart does): alerts resume within 10 s of the broker being back, with no duplicate
 * of the alert raised before the restart. Its own broker, not the shared one: it is stopped.
 */
class BrokerRestartIT {
    private static final Duration RESUME_TARGET = Duration.ofSeconds(10);

    @Test
    void alertsResumeWithinTenSecondsOfTheBrokerBeingBack(@TempDir Path dir) throws Exception {
        int port = Ports.freePort();
        Path data = dir.resolve("kafka");
        EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(data).port(port).start();
        String bootstrap = kafka.bootstrapServers();
        Topics topics = new Topics("br-", 3);
        Config config = Config.of(Map.of("kafka.bootstrap.servers", bootstrap, "topics.prefix", "br-",
                "analyzer.application-id", "br-analyzer", "analyzer.state-dir", dir.resolve("state").toString(),
                "analyzer.punctuation-interval", "1s"));
        Map<String, Long> firstSeenNanos = new ConcurrentHashMap<>();
        Map<String, Integer> firings = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread collector = new Thread(() -> {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG, "br-check", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
                c.subscribe(List.of(topics.alerts().name()));
                while (!stop.get()) {
                    c.poll(Duration.ofMillis(200)).forEach(r -> {
                        Alert a = Alert.fromJson(r.value());
                        String code = a.group().getOrDefault("code", "?");
                        firstSeenNanos.putIfAbsent(code, System.nanoTime());
                        if (a.state() == AlertState.FIRING) {
                            firings.merge(code, 1, Integer::sum);
                        }
                    });
                }
            }
        }, "br-alert-collector");
        Instant base = Instant.now();
        try (Analyzer analyzer = Analyzer.start(AnalyzerConfig.from(config), new SimpleMeterRegistry())) {
            collector.start();
            AnalyzerIT.waitFor(() -> analyzer.state() == KafkaStreams.State.RUNNING, Duration.ofSeconds(60), "analyzer running");
            send(bootstrap, topics.events().name(), "br-1", Events.event("br-1", "zz_before", base));
            AnalyzerIT.waitFor(() -> firstSeenNanos.containsKey("zz_before"), Duration.ofSeconds(60), "the alert before the restart");

            kafka.close();
            kafka = EmbeddedKafka.builder().dataDir(data).port(port).start();
            long back = System.nanoTime();
            send(bootstrap, topics.events().name(), "br-2", Events.event("br-2", "zz_after", base.plusSeconds(1)));
            AnalyzerIT.waitFor(() -> firstSeenNanos.containsKey("zz_after"), Duration.ofSeconds(120), "the alert after the restart");
            Duration resumed = Duration.ofNanos(firstSeenNanos.get("zz_after") - back);
            System.out.printf("BrokerRestartIT: a new alert %d ms after the broker was back%n", resumed.toMillis());
            assertThat(resumed).as("alerting resumes after a broker restart").isLessThan(RESUME_TARGET);
            AnalyzerIT.waitFor(() -> analyzer.state() == KafkaStreams.State.RUNNING, Duration.ofSeconds(30),
                    "analyzer running after the restart");
            assertThat(firings).as("one FIRING per alert, none repeated by the restart")
                    .containsEntry("zz_before", 1).containsEntry("zz_after", 1);
        } finally {
            stop.set(true);
            collector.join(10_000);
            kafka.close();
        }
    }

    private static void send(String bootstrap, String topic, String key, byte[] value) throws Exception {
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            RecordHeaders h = new RecordHeaders();
            h.add(Topics.HEADER_TENANT, "acme".getBytes(StandardCharsets.UTF_8));
            h.add(Topics.HEADER_STREAM, "prod".getBytes(StandardCharsets.UTF_8));
            h.add(Topics.HEADER_RECEIVED_AT, Instant.now().toString().getBytes(StandardCharsets.UTF_8));
            p.send(new ProducerRecord<>(topic, null, key, value, h)).get();
        }
    }
}
