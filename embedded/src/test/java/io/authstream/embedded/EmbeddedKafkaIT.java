package io.authstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.embedded.junit.EmbeddedStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EmbeddedStack
class EmbeddedKafkaIT {

    @Test
    void producesAndConsumesWithAcksAll(EmbeddedKafka kafka) throws Exception {
        try (KafkaProducer<String, String> p = producer(kafka.bootstrapServers())) {
            for (int i = 0; i < 10; i++) {
                p.send(new ProducerRecord<>("embedded-roundtrip", "k" + i, "v" + i)).get();
            }
        }
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<String, String> r : consume(kafka.bootstrapServers(), "embedded-roundtrip", 10)) {
            values.add(r.value());
        }
        assertThat(values).containsExactlyInAnyOrder("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
    }

    @Test
    void runsAKafkaStreamsApplicationWithExactlyOnce(EmbeddedKafka kafka, @TempDir Path state) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("streams-in", 1, (short) 1), new NewTopic("streams-out", 1, (short) 1)))
                    .all().get();
        }
        StreamsBuilder b = new StreamsBuilder();
        b.stream("streams-in", Consumed.with(Serdes.String(), Serdes.String()))
                .filter((k, v) -> v.startsWith("f"))
                .mapValues(v -> v.toUpperCase())
                .to("streams-out", Produced.with(Serdes.String(), Serdes.String()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "embedded-streams-check");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        try (KafkaStreams streams = new KafkaStreams(b.build(), props);
             KafkaProducer<String, String> p = producer(kafka.bootstrapServers())) {
            streams.start();
            for (String v : List.of("fu", "s", "fp", "sapi")) {
                p.send(new ProducerRecord<>("streams-in", v, v)).get();
            }
            List<String> out = new ArrayList<>();
            for (ConsumerRecord<String, String> r : consume(kafka.bootstrapServers(), "streams-out", 2)) {
                out.add(r.value());
            }
            assertThat(out).containsExactly("FU", "FP");
        }
    }

    @Test
    void keepsTopicsInAPersistentDirectoryAcrossRestarts(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("kafka");
        try (EmbeddedKafka first = EmbeddedKafka.builder().dataDir(data).start();
             KafkaProducer<String, String> p = producer(first.bootstrapServers())) {
            p.send(new ProducerRecord<>("survives-restart", "k", "kept")).get();
        }
        assertThat(Files.exists(data.resolve("log/meta.properties"))).isTrue();
        try (EmbeddedKafka second = EmbeddedKafka.builder().dataDir(data).start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", second.bootstrapServers()))) {
            Set<String> topics = admin.listTopics().names().get();
            assertThat(topics).contains("survives-restart");
            assertThat(consume(second.bootstrapServers(), "survives-restart", 1)).extracting(ConsumerRecord::value)
                    .containsExactly("kept");
        }
    }

    @Test
    void usesAFixedPortWhenAsked() {
        int port = Ports.freePort();
        try (EmbeddedKafka k = EmbeddedKafka.builder().port(port).start()) {
            assertThat(k.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            assertThat(k.dataDir()).exists();
        }
    }

    static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true"),
                new StringSerializer(), new StringSerializer());
    }

    static List<ConsumerRecord<String, String>> consume(String bootstrap, String topic, int expected) {
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "check-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (got.size() < expected && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(got::add);
            }
        }
        return got;
    }
}
