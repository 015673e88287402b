package io.authstream.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authstream.analyzer.notify.Notifier;
import io.authstream.analyzer.notify.NotifierConfig;
import io.authstream.embedded.EmbeddedKafka;
import io.authstream.embedded.junit.EmbeddedStack;
import io.authstream.schemas.config.Config;
import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertSeverity;
import io.authstream.schemas.record.AlertState;
import io.authstream.schemas.record.RejectedEvent;
import io.authstream.schemas.topic.TopicDescriptor;
import io.authstream.schemas.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
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

/**
 * The analyzer and the notifier on the real embedded broker: a mixed scenario (credential stuffing
 * from one IP, an api_limit storm, a fapi burst, duplicates, an invalid event, normal traffic)
 * produces exactly the expected alerts, each within 2 s of the event that crossed the threshold,
 * and PagerDuty (a local receiver) gets one trigger per alert.
 */
@EmbeddedStack
class AnalyzerIT {
    private static final ObjectMapper M = new ObjectMapper();
    private static final Duration LATENCY_TARGET = Duration.ofSeconds(2);

    record Seen(Alert alert, long atNanos) {
    }

    @Test
    void replaysAMixedScenarioAndSeesExactlyTheExpectedAlertsInTime(EmbeddedKafka kafka, @TempDir Path state) throws Exception {
        String prefix = "it" + System.nanoTime() + "-";
        Topics topics = new Topics(prefix, 3);
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        settings.put("topics.prefix", prefix);
        settings.put("analyzer.application-id", prefix + "analyzer");
        settings.put("analyzer.state-dir", state.toString());
        settings.put("analyzer.punctuation-interval", "1s");
        settings.put("notifier.group-id", prefix + "notifier");
        HttpServer pd = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<JsonNode> pdEvents = new CopyOnWriteArrayList<>();
        pd.createContext("/v2/enqueue", ex -> {
            pdEvents.add(M.readTree(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(202, -1);
            ex.close();
        });
        pd.start();
        settings.put("notifier.destinations.pager.type", "pagerduty");
        settings.put("notifier.destinations.pager.url", "http://127.0.0.1:" + pd.getAddress().getPort() + "/v2/enqueue");
        settings.put("notifier.destinations.pager.routing-key", "it-routing-key");
        settings.put("notifier.destinations.pager.min-severity", "high");
        Config config = Config.of(settings);

        Map<String, Seen> firstSeen = new ConcurrentHashMap<>();
        List<Alert> all = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread collector = collector(kafka, topics.alerts().name(), all, firstSeen, stop);
        try (Analyzer analyzer = Analyzer.start(AnalyzerConfig.from(config), new SimpleMeterRegistry());
             Notifier notifier = Notifier.builder(NotifierConfig.from(config), new SimpleMeterRegistry()).startFrom("earliest").start();
             KafkaProducer<String, byte[]> producer = producer(kafka)) {
            collector.start();
            waitFor(() -> analyzer.state() == KafkaStreams.State.RUNNING, Duration.ofSeconds(60), "analyzer running");
            try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
                var described = admin.describeTopics(topics.all().stream().map(TopicDescriptor::name).toList())
                        .allTopicNames().get();
                assertThat(described).as("the analyzer created its topics").hasSize(3);
                assertThat(described.get(topics.events().name()).partitions()).hasSize(3);
            }
            Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS).plusSeconds(60);
            String topic = topics.events().name();

            // warm-up: an unknown code gives an info alert once the pipeline is live end to end
            send(producer, topic, "warm-1", Events.event("warm-1", "zz_warmup", base));
            waitFor(() -> firstSeen.keySet().stream().anyMatch(k -> k.startsWith("unknown-event-code")), Duration.ofSeconds(60),
                    "warm-up alert");

            Map<String, Long> crossedAt = new HashMap<>();
            int n = 0;
            List<byte[]> stuffing = new ArrayList<>();
            for (int i = 0; i < 300; i++) { // normal traffic: successes from many users and IPs
                String id = "norm-" + i;
                send(producer, topic, id, Events.event(id, i % 5 == 0 ? "ssa" : "s", base.plusMillis(i * 100L),
                        "ip", "10.0." + (i % 50) + "." + (i % 7), "user_name", "user" + (i % 80) + "@corp.test", "client_id", "web"));
            }
            for (int i = 1; i <= 25; i++) {
                String id = "cs-" + i;
                byte[] e = Events.event(id, i % 2 == 0 ? "fp" : "fu", base.plusSeconds(i), "ip", "203.0.113.7",
                        "user_name", "victim" + (i % 12) + "@corp.test");
                stuffing.add(e);
                send(producer, topic, id, e);
                if (i == 20) {
                    crossedAt.put("credential-stuffing", System.nanoTime());
                }
            }
            for (int i = 1; i <= 12; i++) {
                String id = "rl-" + i;
                send(producer, topic, id, Events.event(id, "api_limit", base.plusSeconds(30 + i), "client_id", "m2m-1",
                        "client_name", "Provisioning job", "details", Map.of("request", Map.of("method", "GET",
                                "path", "/api/v2/users"), "limit", Map.of("bucket", "global-management", "global", true, "size", 50))));
                if (i == 1) {
                    crossedAt.put("rate-limit", System.nanoTime());
                }
            }
            for (int i = 1; i <= 6; i++) {
                String id = "fapi-" + i;
                send(producer, topic, id, Events.event(id, "fapi", base.plusSeconds(45 + i), "client_id", "prov",
                        "description", "Insufficient scope", "details", Map.of("request", Map.of("method", "POST",
                                "path", "/api/v2/users"))));
                if (i == 5) {
                    crossedAt.put("management-api-failures", System.nanoTime());
                }
            }
            for (int i = 1; i <= 25; i++) { // Auth0 redelivers the whole stuffing batch
                send(producer, topic, "cs-" + i, stuffing.get(i - 1));
            }
            send(producer, topic, "bad-1", "{\"log_id\":\"bad-1\",\"data\":{\"type\":\"s\"}}".getBytes(StandardCharsets.UTF_8));

            waitFor(() -> crossedAt.keySet().stream().allMatch(r -> firstSeen.keySet().stream().anyMatch(k -> k.startsWith(r + "|")))
                    && all.stream().anyMatch(a -> a.rule().equals("rate-limit") && a.severity() == AlertSeverity.HIGH),
                    Duration.ofSeconds(60), "expected alerts");
            // give anything unexpected a moment to show up: wait for a marker alert produced after everything else
            send(producer, topic, "warm-2", Events.event("warm-2", "zz_marker", base.plusSeconds(59)));
            waitFor(() -> all.stream().anyMatch(a -> a.group().getOrDefault("code", "").equals("zz_marker")),
                    Duration.ofSeconds(30), "marker alert");

            List<Alert> firing = all.stream().filter(a -> a.state() == AlertState.FIRING).toList();
            assertThat(firing).extracting(a -> a.rule() + " " + new java.util.TreeMap<>(a.group())).containsExactlyInAnyOrder(
                    "unknown-event-code {code=zz_warmup}",
                    "credential-stuffing {ip=203.0.113.7}",
                    "rate-limit {api=management, bucket=global-management, client_id=m2m-1}",
                    "management-api-failures {client_id=prov}",
                    "unknown-event-code {code=zz_marker}");
            Alert cs = firing.stream().filter(a -> a.rule().equals("credential-stuffing")).findFirst().orElseThrow();
            assertThat(cs.count()).isEqualTo(20);
            assertThat(cs.distinctUsers()).isEqualTo(12);
            assertThat(all).filteredOn(a -> a.rule().equals("credential-stuffing")).as("duplicates did not count")
                    .hasSize(1);
            assertThat(all).filteredOn(a -> a.rule().equals("rate-limit")).extracting(Alert::state, Alert::severity)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(AlertState.FIRING, AlertSeverity.WARNING),
                            org.assertj.core.groups.Tuple.tuple(AlertState.UPDATED, AlertSeverity.HIGH));
            for (Map.Entry<String, Long> c : crossedAt.entrySet()) {
                Seen s = firstSeen.entrySet().stream().filter(e -> e.getKey().startsWith(c.getKey() + "|")).findFirst()
                        .orElseThrow().getValue();
                Duration latency = Duration.ofNanos(s.atNanos() - c.getValue());
                System.out.printf("alert latency %s: %d ms%n", c.getKey(), latency.toMillis());
                assertThat(latency).as("latency of " + c.getKey()).isLessThan(LATENCY_TARGET);
            }
            assertThat(analyzer.metrics().count("authstream.analyzer.duplicates")).isEqualTo(25);

            // the invalid event reached the rejected topic through the real broker, inside the transaction
            List<RejectedEvent> rejected = new ArrayList<>();
            try (KafkaConsumer<String, byte[]> c = consumer(kafka)) {
                c.subscribe(List.of(topics.rejected().name()));
                waitFor(() -> {
                    c.poll(Duration.ofMillis(200)).forEach(r -> rejected.add(RejectedEvent.fromJson(r.value())));
                    return !rejected.isEmpty();
                }, Duration.ofSeconds(30), "rejected event");
            }
            assertThat(rejected).singleElement().satisfies(r -> {
                assertThat(r.source()).isEqualTo("analyzer");
                assertThat(r.logId()).isEqualTo("bad-1");
                assertThat(r.reason()).contains("data.date is missing");
                assertThat(r.tenant()).isEqualTo("acme");
            });

            // the notifier paged once per high-or-worse alert, keyed by alert id
            String rateLimitId = all.stream().filter(a -> a.rule().equals("rate-limit")).findFirst().orElseThrow().id();
            String fapiId = firing.stream().filter(a -> a.rule().equals("management-api-failures")).findFirst().orElseThrow().id();
            waitFor(() -> pdEvents.size() >= 3, Duration.ofSeconds(30), "PagerDuty triggers");
            assertThat(pdEvents).extracting(j -> j.path("dedup_key").asText())
                    .containsExactlyInAnyOrder(cs.id(), rateLimitId, fapiId);
            assertThat(pdEvents).allSatisfy(j -> assertThat(j.path("event_action").asText()).isEqualTo("trigger"));
        } finally {
            stop.set(true);
            collector.join(10_000);
            pd.stop(0);
        }
    }

    private static Thread collector(EmbeddedKafka kafka, String topic, List<Alert> all, Map<String, Seen> firstSeen,
                                    java.util.concurrent.atomic.AtomicBoolean stop) {
        return new Thread(() -> {
            try (KafkaConsumer<String, byte[]> c = consumer(kafka)) {
                c.subscribe(List.of(topic));
                while (!stop.get()) {
                    for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(50))) {
                        long now = System.nanoTime();
                        AlertSchema.check(r.value());
                        Alert a = Alert.fromJson(r.value());
                        all.add(a);
                        firstSeen.putIfAbsent(a.key(), new Seen(a, now));
                    }
                }
            }
        }, "alert-collector");
    }

    private static KafkaConsumer<String, byte[]> consumer(EmbeddedKafka kafka) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-check-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static KafkaProducer<String, byte[]> producer(EmbeddedKafka kafka) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, "0"),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<String, byte[]> p, String topic, String key, byte[] value) throws Exception {
        RecordHeaders h = new RecordHeaders();
        h.add(Topics.HEADER_TENANT, "acme".getBytes(StandardCharsets.UTF_8));
        h.add(Topics.HEADER_STREAM, "prod".getBytes(StandardCharsets.UTF_8));
        h.add(Topics.HEADER_RECEIVED_AT, Instant.now().toString().getBytes(StandardCharsets.UTF_8));
        p.send(new ProducerRecord<>(topic, null, key, value, h)).get();
    }

    static void waitFor(java.util.function.BooleanSupplier condition, Duration max, String what) {
        long end = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + max.toSeconds() + " s waiting for " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // poll interval of the deadline loop
        }
    }
}
