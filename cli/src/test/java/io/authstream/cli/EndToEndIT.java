package io.authstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.authstream.analyzer.Analyzer;
import io.authstream.analyzer.AnalyzerConfig;
import io.authstream.analyzer.notify.Notifier;
import io.authstream.analyzer.notify.NotifierConfig;
import io.authstream.archive.ArchiveConfig;
import io.authstream.archive.ArchiveService;
import io.authstream.embedded.EmbeddedElasticsearch;
import io.authstream.embedded.EmbeddedKafka;
import io.authstream.embedded.emulator.ContentFormat;
import io.authstream.embedded.emulator.LogStreamEmulator;
import io.authstream.embedded.emulator.ReplaySummary;
import io.authstream.embedded.emulator.Scenario;
import io.authstream.embedded.emulator.ScenarioGenerator;
import io.authstream.embedded.emulator.Traffic;
import io.authstream.embedded.junit.EmbeddedStack;
import io.authstream.ingest.IngestConfig;
import io.authstream.ingest.IngestServer;
import io.authstream.retention.RetentionConfig;
import io.authstream.retention.RetentionService;
import io.authstream.retention.enforce.Plan;
import io.authstream.schemas.catalogue.EventCatalogue;
import io.authstream.schemas.catalogue.RetentionClass;
import io.authstream.schemas.config.Config;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The test a user would trust: realistic Auth0 traffic, with redeliveries, replayed through the
 * real webhook into real Kafka and Elasticsearch, through every component as deployed.
 */
@EmbeddedStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "e2e-token-0123456789abcdef";
    /** Everything the mixed scenario must raise, and nothing else. */
    private static final Set<String> EXPECTED_RULES = Set.of("credential-stuffing", "rate-limit", "rate-limit-warning",
            "management-api-failures");

    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private final List<JsonNode> delivered = new CopyOnWriteArrayList<>();
    private final Instant now = Instant.now();
    private EmbeddedKafka kafka;
    private EmbeddedElasticsearch es;
    private HttpServer receiver;
    private IngestServer ingest;
    private RetentionService retention;
    private Traffic recent;
    private Traffic old;
    private ReplaySummary firstPass;
    private ReplaySummary redelivery;

    @BeforeAll
    void replayTrafficThroughTheWholePipeline(EmbeddedKafka kafka, EmbeddedElasticsearch es) throws Exception {
        this.kafka = kafka;
        this.es = es;
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/alerts", ex -> {
            delivered.add(JSON.readTree(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        Map<String, String> values = new HashMap<>();
        values.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        values.put("ingest.http.host", "127.0.0.1");
        values.put("ingest.http.port", "0");
        values.put("ingest.ops.port", "0");
        values.put("ingest.streams.main.tenant", "acme");
        values.put("ingest.streams.main.tokens", TOKEN);
        values.put("archive.elasticsearch.url", es.httpUrl());
        values.put("archive.ops.port", "-1");
        values.put("archive.group-id", "e2e-archive");
        values.put("retention.elasticsearch.url", es.httpUrl());
        values.put("retention.operator", "e2e");
        values.put("analyzer.application-id", "e2e-analyzer");
        values.put("analyzer.state-dir", java.nio.file.Files.createTempDirectory("e2e-analyzer").toString());
        values.put("notifier.group-id", "e2e-notifier");
        values.put("notifier.destinations.hook.type", "webhook");
        values.put("notifier.destinations.hook.url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/alerts");
        values.put("notifier.destinations.hook.send-updates", "true");
        Config config = Config.of(values);

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        running.push(ArchiveService.start(ArchiveConfig.from(config)));
        running.push(Analyzer.start(AnalyzerConfig.from(config), registry));
        running.push(Notifier.start(NotifierConfig.from(config), registry));
        retention = RetentionService.builder(RetentionConfig.from(config)).build();
        running.push(retention);
        ingest = IngestServer.start(IngestConfig.from(config));
        running.push(ingest);
        assertThat(ingest.awaitReady(Duration.ofSeconds(60))).isTrue();

        // Old, quiet traffic first (100 days ago: activity and noise are past their limits), then
        // the last 30 minutes with the attacks in them.
        old = new ScenarioGenerator(11, "acme").generate(Scenario.NORMAL, now.minus(Duration.ofDays(100)),
                Duration.ofMinutes(20), 10);
        recent = new ScenarioGenerator(12, "acme").generate(Scenario.MIXED, now.minus(Duration.ofMinutes(30)),
                Duration.ofMinutes(30), 60);
        LogStreamEmulator.Options opts = LogStreamEmulator.Options.defaults(ingest.endpoint("main"), TOKEN)
                .withFormat(ContentFormat.JSONARRAY).withBatchSize(50);
        new LogStreamEmulator(opts).replay(old.events(), p -> { });
        firstPass = new LogStreamEmulator(opts).replay(recent.events(), p -> { });
        // Auth0 redelivers: every third batch of the attack traffic again, in another format.
        List<byte[]> again = new ArrayList<>();
        for (int i = 0; i < recent.size(); i += 150) {
            again.addAll(recent.events().subList(i, Math.min(recent.size(), i + 50)));
        }
        redelivery = new LogStreamEmulator(opts.withFormat(ContentFormat.JSONLINES)).replay(again, p -> { });
    }

    @AfterAll
    void stop() {
        while (!running.isEmpty()) {
            try {
                running.pop().close();
            } catch (Exception ignored) {
                // keep stopping the rest
            }
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void acceptsEverythingAndReportsRedeliveriesAsDuplicates() {
        assertThat(firstPass.accepted()).isEqualTo(recent.size());
        assertThat(firstPass.undelivered()).isZero();
        assertThat(redelivery.duplicates()).isEqualTo(redelivery.events());
        assertThat(redelivery.accepted()).isZero();
    }

    @Test
    void archivesExactlyTheUniqueEvents() throws Exception {
        long unique = old.size() + recent.size();
        waitUntil(Duration.ofSeconds(120), () -> count("/auth0-logs-*/_count") >= unique);
        assertThat(count("/auth0-logs-*/_count")).isEqualTo(unique);
        String someId = JSON.readTree(recent.events().get(recent.size() / 2)).path("log_id").asText();
        assertThat(count("/auth0-logs-*/_count?q=_id:" + someId)).isEqualTo(1);
    }

    @Test
    void raisesExactlyTheExpectedAlertsOnTheTopicAndAtTheWebhook() throws Exception {
        Set<String> onTopic = new HashSet<>();
        Map<String, JsonNode> credentialStuffing = new HashMap<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-check",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of("auth0-alerts"));
            Consumer<JsonNode> take = a -> {
                onTopic.add(a.path("rule").asText());
                if (a.path("rule").asText().equals("credential-stuffing")) {
                    credentialStuffing.put(a.path("state").asText() + a.path("revision").asText(), a);
                }
            };
            // The escalation to critical is an update of the firing alert (the success after the failures): it may
            // come after every rule has fired once, so wait for it as well.
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!(onTopic.containsAll(EXPECTED_RULES) && credentialStuffing.values().stream()
                    .anyMatch(a -> a.path("severity").asText().equals("critical"))) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(500)).forEach(r -> take.accept(readTree(r.value())));
            }
            // A little longer: anything unexpected that was on its way must show up too.
            long settle = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < settle) {
                c.poll(Duration.ofMillis(500)).forEach(r -> take.accept(readTree(r.value())));
            }
        }
        assertThat(onTopic).isEqualTo(EXPECTED_RULES);
        assertThat(credentialStuffing.values()).anySatisfy(a -> {
            assertThat(a.path("severity").asText()).isEqualTo("critical");
            assertThat(a.path("group").path("ip").asText()).isEqualTo(recent.facts().get("credential-stuffing.ip"));
            assertThat(a.path("distinct_users").asInt()).isGreaterThanOrEqualTo(10);
        });
        waitUntil(Duration.ofSeconds(60), () -> rulesAtWebhook().containsAll(EXPECTED_RULES));
        assertThat(rulesAtWebhook()).isEqualTo(EXPECTED_RULES);
    }

    @Test
    void planRemovesExactlyTheEventsPastTheirClassLimit() throws Exception {
        long unique = old.size() + recent.size();
        waitUntil(Duration.ofSeconds(120), () -> count("/auth0-logs-*/_count") >= unique);
        EventCatalogue catalogue = EventCatalogue.bundled();
        long expired = 0;
        for (byte[] e : old.events()) {
            RetentionClass c = catalogue.lookup(JSON.readTree(e).path("data").path("type").asText()).retentionClass();
            if (c != RetentionClass.SECURITY) {
                expired++; // 100 days old: past activity's 90 days and noise's 30, inside security's 400
            }
        }
        assertThat(expired).isPositive();
        Plan plan = retention.plan();
        assertThat(plan.documentsInDeletedIndices() + plan.documentsToTrim()).isEqualTo(expired);
        assertThat(plan.violations()).isEqualTo(expired);
        assertThat(count("/auth0-logs-*/_count")).as("a plan changes nothing").isEqualTo(unique);
    }

    private Set<String> rulesAtWebhook() {
        Set<String> rules = new HashSet<>();
        for (JsonNode n : delivered) {
            String rule = n.path("rule").asText(n.path("alert").path("rule").asText());
            rules.add(rule);
        }
        return rules;
    }

    private static JsonNode readTree(String s) {
        try {
            return JSON.readTree(s);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(es.httpUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? JSON.readTree(r.body()).path("count").asLong() : -1;
    }

    private static void waitUntil(Duration timeout, ThrowingCondition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.holds()) {
                return;
            }
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
        }
    }

    @FunctionalInterface
    interface ThrowingCondition {
        boolean holds() throws Exception;
    }

}
