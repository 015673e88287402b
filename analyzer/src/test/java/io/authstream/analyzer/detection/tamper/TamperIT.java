package io.authstream.analyzer.detection.tamper;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.authstream.analyzer.AlertSchema;
import io.authstream.analyzer.Analyzer;
import io.authstream.analyzer.AnalyzerConfig;
import io.authstream.analyzer.Events;
import io.authstream.embedded.EmbeddedKafka;
import io.authstream.embedded.junit.EmbeddedStack;
import io.authstream.schemas.config.Config;
import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertSeverity;
import io.authstream.schemas.record.AlertState;
import io.authstream.schemas.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
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
 * The tampering rules and both takeover chains through the real pipeline on the embedded broker:
 * realistic sapi events (tampering and their benign twins, over three partitions) and a
 * failed-logins → login → MFA enrolment chain give exactly the expected alerts.
 */
@EmbeddedStack
class TamperIT {
    private static final ObjectMapper M = new ObjectMapper();

    @Test
    void tamperingEventsAndTheTakeoverChainsGiveExactlyTheExpectedAlerts(EmbeddedKafka kafka, @TempDir Path state)
            throws Exception {
        String prefix = "tamper" + System.nanoTime() + "-";
        Topics topics = new Topics(prefix, 3);
        Config config = Config.of(Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(), "topics.prefix", prefix,
                "analyzer.application-id", prefix + "analyzer", "analyzer.state-dir", state.toString(),
                "analyzer.punctuation-interval", "1s",
                "analyzer.detections.log-stream-tampering.streams", "acme/lst_0000000000012345"));
        List<Alert> all = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread collector = new Thread(() -> collect(kafka, topics.alerts().name(), all, stop), "alert-collector");
        try (Analyzer analyzer = Analyzer.start(AnalyzerConfig.from(config), new SimpleMeterRegistry());
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                     new StringSerializer(), new ByteArraySerializer())) {
            collector.start();
            waitFor(() -> analyzer.state() == KafkaStreams.State.RUNNING, Duration.ofSeconds(60), "analyzer running");
            Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(30));
            String topic = topics.events().name();
            String bob = "auth0|6541f0c2a1b2c3d4e5f60718";
            for (int i = 0; i < 5; i++) {
                send(producer, topic, "ato-f" + i, Events.event("ato-f" + i, "fp", base.plusSeconds(10L * i), "user_id", bob,
                        "user_name", "bob@example.com", "ip", "198.51.100.9"));
            }
            // only a failure opens a user's chain state: the brute-force alert shows the failures went through first
            waitFor(() -> firing(all).stream().anyMatch(a -> a.rule().equals("brute-force")), Duration.ofSeconds(60),
                    "brute-force alert");
            int minute = 1;
            for (String name : List.of("ap-brute-force-disabled", "ap-brute-force-reenabled", "mfa-policy-never",
                    "mfa-policy-always", "ls-paused", "ls-resumed", "grant-mgmt-write", "grant-mgmt-read-only",
                    "pl-post-login-bindings", "pl-post-change-password-bindings", "app-cors-enabled", "app-cors-disabled",
                    "tm-owner-invited", "tm-member-removed-1", "tm-member-removed-2")) {
                ObjectNode e = Sapi.load(name);
                ((ObjectNode) e.path("data")).put("date", base.plusSeconds(60L * minute++).toString());
                send(producer, topic, e.path("log_id").asText(), M.writeValueAsBytes(e));
            }
            send(producer, topic, "ato-s", Events.event("ato-s", "s", base.plusSeconds(90), "user_id", bob, "ip", "198.51.100.9"));
            send(producer, topic, "ato-c", Events.event("ato-c", "gd_unenroll", base.plusSeconds(600), "user_id", bob));

            waitFor(() -> firing(all).size() >= 12, Duration.ofSeconds(90), "tampering alerts");
            send(producer, topic, "marker", Events.event("marker", "zz_marker", base.plusSeconds(1200)));
            waitFor(() -> all.stream().anyMatch(a -> a.group().getOrDefault("code", "").equals("zz_marker")),
                    Duration.ofSeconds(30), "marker alert");

            assertThat(firing(all)).extracting(a -> a.rule() + " " + a.group().getOrDefault("target", a.group().toString())
                    + " " + a.severity().id()).containsExactlyInAnyOrder(
                    "attack-protection-weakened brute-force-protection critical",
                    "mfa-downgraded mfa-policy high",
                    "log-stream-tampering lst_0000000000012345 critical",
                    "management-api-grant mallorysToolClient00000000000001 critical",
                    "login-pipeline-changed trigger:post-login high",
                    "insecure-application aPpClIeNt0000000000000000000001 high",
                    "tenant-membership invitations high",
                    "tenant-membership member:auth0%7C5e1a2b3c4d5e6f7a8b9c0d1e high",
                    "tenant-membership member:google-oauth2%7C104918273645546372819 high",
                    "tenant-takeover {} critical",
                    "account-takeover {user=" + bob + "} critical",
                    "brute-force {user=bob@example.com} warning",
                    "unknown-event-code {code=zz_marker} info");
            Alert ato = firing(all).stream().filter(a -> a.rule().equals("account-takeover")).findFirst().orElseThrow();
            assertThat(ato.details()).containsEntry("failure_log_ids", "ato-f0,ato-f1,ato-f2,ato-f3,ato-f4")
                    .containsEntry("success_log_ids", "ato-s").containsEntry("change_log_ids", "ato-c");
            assertThat(all).filteredOn(a -> a.rule().equals("account-takeover") && a.state() == AlertState.FIRING)
                    .as("the chain fires once").hasSize(1);
            Alert stream = firing(all).stream().filter(a -> a.rule().equals("log-stream-tampering")).findFirst().orElseThrow();
            assertThat(stream.severity()).isEqualTo(AlertSeverity.CRITICAL);
            assertThat(stream.summary()).contains("stream-silence");
        } finally {
            stop.set(true);
            collector.join(10_000);
        }
    }

    private static List<Alert> firing(List<Alert> all) {
        return all.stream().filter(a -> a.state() == AlertState.FIRING).toList();
    }

    private static void collect(EmbeddedKafka kafka, String topic, List<Alert> all, AtomicBoolean stop) {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "tamper-check-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            while (!stop.get()) {
                c.poll(Duration.ofMillis(50)).forEach(r -> {
                    AlertSchema.check(r.value());
                    all.add(Alert.fromJson(r.value()));
                });
            }
        }
    }

    private static void send(KafkaProducer<String, byte[]> p, String topic, String key, byte[] value) throws Exception {
        RecordHeaders h = new RecordHeaders();
        h.add(Topics.HEADER_TENANT, "acme".getBytes(StandardCharsets.UTF_8));
        h.add(Topics.HEADER_STREAM, "prod".getBytes(StandardCharsets.UTF_8));
        h.add(Topics.HEADER_RECEIVED_AT, Instant.now().toString().getBytes(StandardCharsets.UTF_8));
        p.send(new ProducerRecord<>(topic, null, key, value, h)).get();
    }

    private static void waitFor(BooleanSupplier condition, Duration max, String what) {
        long end = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + max.toSeconds() + " s waiting for " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // poll interval of the deadline loop
        }
    }
}
