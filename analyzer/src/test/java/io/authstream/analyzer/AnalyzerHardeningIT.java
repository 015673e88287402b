package io.authstream.analyzer;

import static io.authstream.analyzer.AnalyzerIT.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.embedded.EmbeddedKafka;
import io.authstream.embedded.junit.EmbeddedStack;
import io.authstream.schemas.config.Config;
import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.RejectedEvent;
import io.authstream.schemas.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

/** The review's analyzer findings (H2, fast recovery) on the real embedded broker. */
@EmbeddedStack
public class AnalyzerHardeningIT {

    @Test
    void aMebibyteOfNulsIsDeadLetteredWithinTheBrokersLimitsAndDetectionGoesOn(EmbeddedKafka kafka, @TempDir Path state)
            throws Exception {
        String prefix = "hh" + System.nanoTime() + "-";
        Map<String, String> settings = settings(kafka, prefix, state);
        Topics topics = new Topics(prefix, 3);
        List<String> alerts = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread collector = collect(kafka, topics.alerts().name(), alerts, stop);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Analyzer analyzer = Analyzer.start(AnalyzerConfig.from(Config.of(settings)), registry);
             KafkaProducer<String, byte[]> producer = producer(kafka)) {
            collector.start();
            waitFor(() -> analyzer.state() == KafkaStreams.State.RUNNING, Duration.ofSeconds(60), "analyzer running");
            byte[] nuls = new byte[(1 << 20) - 4096];
            nuls[0] = '{';
            send(producer, topics.events().name(), "nuls", nuls);
            send(producer, topics.events().name(), "after", Events.event("after", "zz_after_nuls", Instant.now()));
            waitFor(() -> alerts.stream().anyMatch(a -> a.contains("zz_after_nuls")), Duration.ofSeconds(60),
                    "the alert for the event after the hostile one");
            assertThat(analyzer.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(analyzer.failed()).isNotDone();
        } finally {
            stop.set(true);
            collector.join(5000);
        }
        List<ConsumerRecord<String, byte[]>> dead = read(kafka, topics.rejected().name(), 1);
        ConsumerRecord<String, byte[]> r = dead.get(0);
        RejectedEvent e = RejectedEvent.fromJson(r.value());
        assertThat(e.source()).isEqualTo("analyzer");
        assertThat(e.truncated()).isTrue();
        assertThat(e.original().length).isGreaterThan(150_000);
        assertThat(r.serializedKeySize() + r.serializedValueSize()).isLessThanOrEqualTo(RejectedEvent.MAX_RECORD_BYTES);
        assertThat(registry.find("authstream.analyzer.dead_letters.dropped").counter()).isNull();
    }

    @Test
    void aKilledAnalyzerStartedAgainRaisesANewAlertWithinTenSecondsOfBeingBack(EmbeddedKafka kafka, @TempDir Path state)
            throws Exception {
        String prefix = "hr" + System.nanoTime() + "-";
        Map<String, String> settings = settings(kafka, prefix, state);
        Topics topics = new Topics(prefix, 3);
        List<String> alerts = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread collector = collect(kafka, topics.alerts().name(), alerts, stop);
        Process child = AnalyzerChild.spawn(settings, state.resolve("child.log"));
        try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
            collector.start();
            waitFor(() -> AnalyzerChild.started(state.resolve("child.log")), Duration.ofSeconds(60),
                    "the child analyzer started (its topics exist)");
            send(producer, topics.events().name(), "one", Events.event("one", "zz_before_kill", Instant.now()));
            waitFor(() -> alerts.stream().anyMatch(a -> a.contains("zz_before_kill")), Duration.ofSeconds(120),
                    "the first analyzer's alert");
            child.destroyForcibly(); // SIGKILL: no close, no leave-group, its transaction left open
            child.waitFor(20, TimeUnit.SECONDS);
            long back = System.nanoTime();
            try (Analyzer analyzer = Analyzer.start(AnalyzerConfig.from(Config.of(settings)), new SimpleMeterRegistry())) {
                send(producer, topics.events().name(), "two", Events.event("two", "zz_after_restart", Instant.now()));
                waitFor(() -> alerts.stream().anyMatch(a -> a.contains("zz_after_restart")), Duration.ofSeconds(90),
                        "the restarted analyzer's alert");
                Duration took = Duration.ofNanos(System.nanoTime() - back);
                System.out.printf("ANALYZER RECOVERY: new alert %d ms after the restarted analyzer started%n", took.toMillis());
                assertThat(took).isLessThan(Duration.ofSeconds(10));
            }
        } finally {
            child.destroyForcibly();
            stop.set(true);
            collector.join(5000);
        }
    }

    public static Map<String, String> settings(EmbeddedKafka kafka, String prefix, Path state) {
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        settings.put("topics.prefix", prefix);
        settings.put("analyzer.application-id", prefix + "analyzer");
        settings.put("analyzer.state-dir", state.toString());
        settings.put("analyzer.punctuation-interval", "1s");
        return settings;
    }

    public static Thread collect(EmbeddedKafka kafka, String topic, List<String> out, AtomicBoolean stop) {
        Thread t = new Thread(() -> {
            try (KafkaConsumer<String, byte[]> c = consumer(kafka)) {
                c.subscribe(List.of(topic));
                while (!stop.get()) {
                    for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(50))) {
                        Alert.fromJson(r.value()); // a valid alert
                        out.add(new String(r.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        }, "alert-collector");
        t.setDaemon(true);
        return t;
    }

    private static List<ConsumerRecord<String, byte[]>> read(EmbeddedKafka kafka, String topic, int expected) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = consumer(kafka)) {
            c.subscribe(List.of(topic));
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < expected && System.nanoTime() < end) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        assertThat(out).hasSizeGreaterThanOrEqualTo(expected);
        return out;
    }

    public static KafkaConsumer<String, byte[]> consumer(EmbeddedKafka kafka) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-check-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer());
    }

    public static KafkaProducer<String, byte[]> producer(EmbeddedKafka kafka) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, "0",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(3 * 1024 * 1024)),
                new StringSerializer(), new ByteArraySerializer());
    }

    public static void send(KafkaProducer<String, byte[]> p, String topic, String key, byte[] value) throws Exception {
        RecordHeaders h = new RecordHeaders();
        h.add(Topics.HEADER_TENANT, "acme".getBytes(StandardCharsets.UTF_8));
        h.add(Topics.HEADER_STREAM, "prod".getBytes(StandardCharsets.UTF_8));
        h.add(Topics.HEADER_RECEIVED_AT, Instant.now().toString().getBytes(StandardCharsets.UTF_8));
        p.send(new ProducerRecord<>(topic, null, key, value, h)).get(30, TimeUnit.SECONDS);
    }
}
