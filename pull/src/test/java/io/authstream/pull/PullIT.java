package io.authstream.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.embedded.EmbeddedKafka;
import io.authstream.embedded.emulator.ManagementApiEmulator;
import io.authstream.embedded.junit.EmbeddedStack;
import io.authstream.schemas.config.Config;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** The real puller against the Management API emulator and the real embedded Kafka. */
@EmbeddedStack
class PullIT {
    private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");

    @Test
    void pullsEveryEventOnceThroughRateLimitsAndContinuesFromTheCheckpointAfterARestart(EmbeddedKafka kafka) throws Exception {
        String prefix = "pull-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        List<byte[]> first = TestLogs.envelopes(11, T0, 230);
        List<byte[]> later = TestLogs.envelopes(12, T0.plus(Duration.ofHours(1)), 45);
        // 3 log requests a second: the puller asks faster, so it meets 429s on the way.
        try (ManagementApiEmulator auth0 = ManagementApiEmulator.start(Fakes.CLIENT_ID, Fakes.CLIENT_SECRET, Duration.ofHours(24), 3,
                Clock.systemUTC())) {
            auth0.addEnvelopes(first);
            Map<String, String> m = Fakes.config(auth0.baseUri());
            m.put("kafka.bootstrap.servers", kafka.bootstrapServers());
            m.put("topics.prefix", prefix);
            m.put("pull.take", "25");
            m.put("pull.max-rate", "20");
            m.put("pull.interval", "200ms");
            PullConfig config = PullConfig.from(Config.of(m));

            String newest = newestId(first);
            try (PullService s = PullService.start(config); KafkaCheckpointStore store = new KafkaCheckpointStore(config.kafka(), prefix)) {
                awaitRecords(kafka, prefix, 230);
                awaitCheckpoint(store, newest); // stopping before it is written would re-pull the last page
                assertThat(s.puller().stats().rateLimitedCount()).isPositive();
            }
            List<ConsumerRecord<String, byte[]>> records = read(kafka, prefix + "auth0-log-events");
            assertThat(records).hasSize(230);
            assertThat(records.stream().map(ConsumerRecord::key).distinct()).hasSize(230);
            assertThat(records.stream().map(ConsumerRecord::key).max(String::compareTo)).hasValue(newest);
            assertThat(auth0.rateLimited()).isPositive();

            auth0.addEnvelopes(later);
            try (PullService s = PullService.start(config); KafkaCheckpointStore store = new KafkaCheckpointStore(config.kafka(), prefix)) {
                awaitRecords(kafka, prefix, 275);
                awaitCheckpoint(store, newestId(later));
                Thread.sleep(500); // a few more empty polls: nothing may arrive twice
                assertThat(s.failure()).isNull();
            }
            List<ConsumerRecord<String, byte[]>> all = read(kafka, prefix + "auth0-log-events");
            assertThat(all).hasSize(275);
            assertThat(all.stream().map(ConsumerRecord::key).distinct()).hasSize(275);
            assertThat(new String(all.get(0).headers().lastHeader(PullRecords.HEADER_SOURCE).value(), StandardCharsets.UTF_8))
                    .isEqualTo("pull");
        }
    }

    private static String newestId(List<byte[]> envelopes) {
        return envelopes.stream().map(e -> {
            String t = new String(e, StandardCharsets.UTF_8);
            int i = t.indexOf("\"log_id\":\"") + 10;
            return t.substring(i, t.indexOf('"', i));
        }).max(String::compareTo).orElseThrow();
    }

    private static void awaitCheckpoint(KafkaCheckpointStore store, String logId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!store.read("acme").equals(Optional.of(logId))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("checkpoint never reached " + logId + ", is " + store.read("acme"));
            }
            Thread.sleep(100); // polling the topic, bounded by the deadline
        }
    }

    private static void awaitRecords(EmbeddedKafka kafka, String prefix, int n) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int seen = 0;
        while (System.nanoTime() < deadline) {
            seen = read(kafka, prefix + "auth0-log-events").size();
            if (seen >= n) {
                return;
            }
            try {
                Thread.sleep(100); // polling the topic, bounded by the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("only " + seen + " of " + n + " records arrived");
    }

    private static List<ConsumerRecord<String, byte[]>> read(EmbeddedKafka kafka, String topic) {
        Map<String, Object> p = Map.of("bootstrap.servers", kafka.bootstrapServers(), "enable.auto.commit", "false");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
