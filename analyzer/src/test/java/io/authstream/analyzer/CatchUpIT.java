package io.authstream.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.embedded.EmbeddedKafka;
import io.authstream.embedded.junit.EmbeddedStack;
import io.authstream.schemas.config.Config;
import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertState;
import io.authstream.schemas.topic.TopicDescriptor;
import io.authstream.schemas.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lossless catch-up on the real embedded broker: a backlog of six and a half hours of event time is
 * produced first, with attacks in it (bursts straddling a 10-minute, an hour and a half-hour
 * boundary, and a shared MFA phone five hours apart) and one partition holding twenty times the
 * traffic of the others, so the partitions' stream times run hours apart while it is replayed.
 * An analyzer started afterwards raises exactly one alert per attack, resolves each finished one
 * exactly once, and drops nothing as late.
 */
@EmbeddedStack
class CatchUpIT {
    private static final Set<String> COUNT_RULES = Set.of("brute-force", "credential-stuffing", "mfa-push-fatigue",
            "mfa-shared-factor", "mfa-failures", "signup-surge", "token-ip-spread", "management-api-failures");

    private record Event(int partition, Instant at, String type, Object[] fields) {
    }

    @Test
    void anAnalyzerStartedHoursBehindRaisesEveryAlertOnceAndDropsNothing(EmbeddedKafka kafka, @TempDir Path state)
            throws Exception {
        String prefix = "catchup" + System.nanoTime() + "-";
        Topics topics = new Topics(prefix, 3);
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            List<NewTopic> nt = new ArrayList<>();
            for (TopicDescriptor t : topics.all()) {
                nt.add(new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.configs()));
            }
            admin.createTopics(nt).all().get();
        }
        Instant h0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(9));
        List<Event> events = new ArrayList<>();
        Random rnd = new Random(11);
        // background: logins on every partition, partition 0 twenty times as busy; failures and pushes for one-off users
        long span = Duration.ofMinutes(390).toMillis();
        for (int p = 0; p < 3; p++) {
            int n = p == 0 ? 30_000 : 1_500;
            for (int i = 0; i < n; i++) {
                Instant at = h0.plusMillis(span * i / n);
                String user = "user" + rnd.nextInt(50_000) + "@example.com";
                String ip = "10.1." + rnd.nextInt(256) + "." + rnd.nextInt(256);
                events.add(new Event(p, at, "s", new Object[] {"ip", ip, "user_name", user}));
                if (i % 10 == 0) {
                    events.add(new Event(p, at.plusMillis(1), "fp", new Object[] {"ip", ip, "user_name", "once" + p + "-" + i}));
                }
                if (i % 50 == 0) {
                    events.add(new Event(p, at.plusMillis(2), "gd_send_pn", new Object[] {"user_name", "push" + p + "-" + i}));
                }
            }
        }
        // the attacks, their events spread over the three partitions
        attack(events, h0.plus(Duration.ofMinutes(68)), 8, Duration.ofSeconds(37), "fp",
                i -> new Object[] {"ip", "198.51.100.1", "user_name", "victim1@example.com", "user_id", "auth0|v1"});
        attack(events, h0.plus(Duration.ofMinutes(115)), 25, Duration.ofSeconds(23), "fp",
                i -> new Object[] {"ip", "203.0.113.10", "user_name", "stuffed" + (i % 12) + "@example.com"});
        attack(events, h0.plus(Duration.ofMinutes(205)), 7, Duration.ofSeconds(97), "gd_send_pn",
                i -> new Object[] {"user_name", "pat@example.com", "user_id", "auth0|pf"});
        attack(events, h0.plus(Duration.ofMinutes(295)), 6, Duration.ofSeconds(100), "fp",
                i -> new Object[] {"ip", "198.51.100.2", "user_name", "victim2@example.com"});
        events.add(new Event(0, h0.plus(Duration.ofMinutes(30)), "gd_enrollment_complete", new Object[] {"user_id", "auth0|m1",
                "details", Map.of("authenticator", Map.of("type", "sms", "phone_number", "+15550111"))}));
        events.add(new Event(2, h0.plus(Duration.ofMinutes(330)), "gd_enrollment_complete", new Object[] {"user_id", "auth0|m2",
                "details", Map.of("authenticator", Map.of("type", "sms", "phone_number", "+15550111"))}));
        events.sort((a, b) -> a.at().compareTo(b.at())); // each partition in event-time order, as Auth0 delivers it
        for (int p = 0; p < 3; p++) {
            events.add(new Event(p, h0.plus(Duration.ofMinutes(391)), "zz_end_" + p, new Object[0]));
        }
        try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
            int seq = 0;
            for (Event e : events) {
                String id = "9003" + String.format("%012d", seq++);
                RecordHeaders h = new RecordHeaders();
                h.add(Topics.HEADER_TENANT, "acme".getBytes(StandardCharsets.UTF_8));
                h.add(Topics.HEADER_STREAM, "prod".getBytes(StandardCharsets.UTF_8));
                producer.send(new ProducerRecord<>(topics.events().name(), e.partition(), id,
                        Events.event(id, e.type(), e.at(), e.fields()), h));
            }
            producer.flush();
        }

        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        settings.put("topics.prefix", prefix);
        settings.put("analyzer.application-id", prefix + "analyzer");
        settings.put("analyzer.state-dir", state.toString());
        settings.put("analyzer.punctuation-interval", "1s");
        settings.put("analyzer.max-future", "10m");
        List<Alert> all = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread collector = collector(kafka, topics.alerts().name(), all, stop);
        collector.start();
        Map<String, String> expected = Map.of(
                "brute-force {user=victim1@example.com}", "resolved",
                "credential-stuffing {ip=203.0.113.10}", "resolved",
                "mfa-push-fatigue {user=auth0|pf}", "resolved",
                "brute-force {user=victim2@example.com}", "resolved",
                "mfa-shared-factor {factor=phone_number, value=+15550111}", "open");
        try (Analyzer analyzer = Analyzer.start(AnalyzerConfig.from(Config.of(settings)), new SimpleMeterRegistry())) {
            AnalyzerIT.waitFor(() -> all.stream().filter(a -> a.rule().equals("unknown-event-code")).count() >= 3
                    && expected.entrySet().stream().allMatch(x -> all.stream().anyMatch(a -> name(a).equals(x.getKey())
                    && (x.getValue().equals("open") || a.state() == AlertState.RESOLVED))),
                    Duration.ofSeconds(120), "every attack's alert and the end markers");
            List<Alert> counted = all.stream().filter(a -> COUNT_RULES.contains(a.rule())).toList();
            Map<String, List<String>> byCondition = counted.stream().filter(a -> a.state() != AlertState.UPDATED)
                    .collect(Collectors.groupingBy(CatchUpIT::name, TreeMap::new,
                            Collectors.mapping(a -> a.state().id(), Collectors.toList())));
            Map<String, List<String>> want = new TreeMap<>();
            expected.forEach((k, v) -> want.put(k, v.equals("open") ? List.of("firing") : List.of("firing", "resolved")));
            assertThat(byCondition).as("one firing (and one resolution) per attack, nothing else").isEqualTo(want);
            assertThat(counted).filteredOn(a -> name(a).startsWith("brute-force {user=victim1"))
                    .allSatisfy(a -> assertThat(a.subjects()).containsEntry("user_id", List.of("auth0|v1")));
            for (String rule : COUNT_RULES) {
                assertThat(analyzer.metrics().count("authstream.analyzer.late.dropped", "rule", rule)).as(rule).isZero();
            }
        } finally {
            stop.set(true);
            collector.join(10_000);
        }
    }

    private static String name(Alert a) {
        return a.rule() + " " + new TreeMap<>(a.group());
    }

    private static void attack(List<Event> into, Instant start, int n, Duration every, String type,
                               java.util.function.IntFunction<Object[]> fields) {
        for (int i = 0; i < n; i++) {
            into.add(new Event(i % 3, start.plus(every.multipliedBy(i)), type, fields.apply(i)));
        }
    }

    private static Thread collector(EmbeddedKafka kafka, String topic, List<Alert> all,
                                    java.util.concurrent.atomic.AtomicBoolean stop) {
        return new Thread(() -> {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "catchup-check-" + System.nanoTime(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                c.subscribe(List.of(topic));
                while (!stop.get()) {
                    for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(50))) {
                        AlertSchema.check(r.value());
                        all.add(Alert.fromJson(r.value()));
                    }
                }
            }
        }, "alert-collector");
    }

    private static KafkaProducer<String, byte[]> producer(EmbeddedKafka kafka) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, "5",
                ProducerConfig.BATCH_SIZE_CONFIG, "131072"), new StringSerializer(), new ByteArraySerializer());
    }
}
