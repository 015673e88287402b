package io.authstream.analyzer.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authstream.embedded.EmbeddedKafka;
import io.authstream.embedded.junit.EmbeddedStack;
import io.authstream.schemas.config.Config;
import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertSeverity;
import io.authstream.schemas.record.AlertState;
import io.authstream.schemas.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier on the real embedded broker against a local fake destination: an outage (503, then
 * connection refused) loses and repeats nothing; a restart in the same JVM with the offsets lost
 * repeats nothing and still resolves; a notifier JVM killed with {@code kill -9} in the middle of a
 * delivery loses and repeats nothing, and its successor resumes within 10 s.
 */
@EmbeddedStack
class NotifierIT {
    private static final Logger LOG = LoggerFactory.getLogger(NotifierIT.class);
    private static final ObjectMapper M = new ObjectMapper();
    private static final Duration RESUME_TARGET = Duration.ofSeconds(10);

    private static Map<String, String> settings(EmbeddedKafka kafka, String prefix, Receiver r) {
        Map<String, String> m = new HashMap<>();
        m.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        m.put("topics.prefix", prefix);
        m.put("notifier.group-id", prefix + "notifier");
        m.put("notifier.retry.initial-backoff", "50ms");
        m.put("notifier.retry.max-backoff", "500ms");
        m.put("notifier.destinations.pager.type", "pagerduty");
        m.put("notifier.destinations.pager.url", r.url("/pd"));
        m.put("notifier.destinations.pager.routing-key", "it-routing-key");
        m.put("notifier.destinations.pager.timeout", "2s");
        return m;
    }

    /** One partition, so the expected order is the produced order. */
    private static String createAlertsTopic(EmbeddedKafka kafka, String prefix) throws Exception {
        String name = new Topics(prefix, 1).alerts().name();
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        return name;
    }

    private static KafkaProducer<String, byte[]> producer(EmbeddedKafka kafka) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, "0"),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static List<Alert> firings(int n, String tag) {
        Instant w = Instant.now().truncatedTo(ChronoUnit.HOURS);
        List<Alert> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Alert a = NotifierTest.alert("198.51." + tag + "." + i, w, AlertState.FIRING, AlertSeverity.HIGH, 0);
            out.add(new Alert(a.id(), a.key(), a.rule(), a.title(), a.severity(), a.state(), a.revision(), a.tenant(),
                    a.stream(), a.group(), a.windowStart(), a.windowEnd(), a.count(), a.threshold(), a.distinctUsers(),
                    a.distinctIps(), a.firstEventAt(), a.lastEventAt(), a.sampleLogIds(), a.summary(), a.runbook(),
                    a.details(), Instant.now()));
        }
        return out;
    }

    private static void produce(KafkaProducer<String, byte[]> p, String topic, List<Alert> alerts) throws Exception {
        for (Alert a : alerts) {
            p.send(new ProducerRecord<>(topic, a.id(), a.toJson())).get();
        }
    }

    private static List<Alert> resolutions(List<Alert> firings) {
        return firings.stream().map(a -> a.next(AlertState.RESOLVED, Instant.now())).toList();
    }

    /** PagerDuty events the fake answered 2xx, as "dedup_key action", in arrival order. */
    private static List<String> accepted(Receiver r) {
        List<String> out = new ArrayList<>();
        for (Receiver.Request q : r.seen()) {
            if (q.status() >= 200 && q.status() < 300) {
                try {
                    JsonNode n = M.readTree(q.body());
                    out.add(n.path("dedup_key").asText() + " " + n.path("event_action").asText());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return out;
    }

    private static List<String> expected(List<Alert> alerts, String action) {
        return alerts.stream().map(a -> a.id() + " " + action).toList();
    }

    private static long committed(EmbeddedKafka kafka, String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            OffsetAndMetadata o = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .get(new TopicPartition(topic, 0));
            return o == null ? 0 : o.offset();
        }
    }

    static void waitFor(BooleanSupplier condition, Duration max, String what) {
        long end = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + max.toSeconds() + " s waiting for " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // poll interval of the deadline loop
        }
    }

    @Test
    void aDestinationDownForAWhileGetsEveryAlertAfterwardsInOrderAndOnce(EmbeddedKafka kafka) throws Exception {
        String prefix = "nit" + System.nanoTime() + "-";
        String topic = createAlertsTopic(kafka, prefix);
        try (Receiver r = new Receiver(); KafkaProducer<String, byte[]> p = producer(kafka)) {
            Map<String, String> s = settings(kafka, prefix, r);
            r.down(true);
            try (Notifier n = Notifier.builder(NotifierConfig.from(Config.of(s)), new SimpleMeterRegistry()).start()) {
                List<Alert> alerts = firings(30, "1");
                produce(p, topic, alerts);
                waitFor(() -> r.seen().size() >= 10, Duration.ofSeconds(60), "ten refused attempts");
                r.stop(); // now connection refused
                double before = n.metrics().count("retries", "destination", "pager");
                waitFor(() -> n.metrics().count("retries", "destination", "pager") >= before + 10, Duration.ofSeconds(60),
                        "ten attempts refused at connect");
                assertThat(committed(kafka, prefix + "notifier", topic)).as("nothing committed past undelivered alerts")
                        .isZero();
                r.restart();
                r.down(false);
                waitFor(() -> accepted(r).size() >= 30, Duration.ofSeconds(60), "every alert after recovery");
                produce(p, topic, resolutions(alerts));
                waitFor(() -> accepted(r).size() >= 60, Duration.ofSeconds(60), "every resolution");
                waitFor(() -> {
                    try {
                        return committed(kafka, prefix + "notifier", topic) == 60;
                    } catch (Exception e) {
                        return false;
                    }
                }, Duration.ofSeconds(30), "offsets committed once delivered");
                List<String> want = new ArrayList<>(expected(alerts, "trigger"));
                want.addAll(expected(alerts, "resolve"));
                assertThat(accepted(r)).containsExactlyElementsOf(want);
                assertThat(n.metrics().count("failed", "destination", "pager")).isZero();
                assertThat(n.health()).isEqualTo(Notifier.Health.RUNNING);
            }
        }
    }

    @Test
    void aRestartWithItsOffsetsLostRepeatsNothingAndStillResolves(EmbeddedKafka kafka) throws Exception {
        String prefix = "nit" + System.nanoTime() + "-";
        String topic = createAlertsTopic(kafka, prefix);
        String group = prefix + "notifier";
        try (Receiver r = new Receiver(); KafkaProducer<String, byte[]> p = producer(kafka)) {
            NotifierConfig cfg = NotifierConfig.from(Config.of(settings(kafka, prefix, r)));
            List<Alert> alerts = firings(10, "2");
            try (Notifier n = Notifier.start(cfg, new SimpleMeterRegistry())) {
                produce(p, topic, alerts);
                waitFor(() -> accepted(r).size() >= 10, Duration.ofSeconds(60), "first firings");
                assertThat(n.health()).isEqualTo(Notifier.Health.RUNNING);
            }
            assertThat(committed(kafka, group, topic)).isEqualTo(10);
            try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
                // as if the offsets had never been committed (a crash, a rebalance before the commit); the
                // closed static member stays in the group until its session times out, so remove it first
                admin.removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions()).all()
                        .get(30, TimeUnit.SECONDS);
                admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(0)))
                        .all().get(30, TimeUnit.SECONDS);
            }
            List<Alert> more = firings(5, "3");
            long t0 = System.nanoTime();
            try (Notifier n = Notifier.start(cfg, new SimpleMeterRegistry())) {
                produce(p, topic, more);
                waitFor(() -> accepted(r).size() >= 15, Duration.ofSeconds(60), "new firings after restart");
                Duration resumed = Duration.ofNanos(System.nanoTime() - t0);
                LOG.info("In-JVM restart: delivery resumed {} ms after the new notifier was started", resumed.toMillis());
                assertThat(resumed).isLessThan(RESUME_TARGET);
                produce(p, topic, resolutions(alerts));
                waitFor(() -> accepted(r).size() >= 25, Duration.ofSeconds(60), "resolutions after restart");
                waitFor(() -> n.metrics().count("suppressed", "destination", "pager", "reason", "already-sent") >= 10,
                        Duration.ofSeconds(30), "re-read firings recognised as sent");
            }
            List<String> want = new ArrayList<>(expected(alerts, "trigger"));
            want.addAll(expected(more, "trigger"));
            want.addAll(expected(alerts, "resolve"));
            assertThat(accepted(r)).containsExactlyElementsOf(want);
        }
    }

    @Test
    void aNotifierKilledMidDeliveryLosesAndRepeatsNothingAndItsSuccessorResumesQuickly(EmbeddedKafka kafka,
                                                                                      @TempDir Path dir) throws Exception {
        String prefix = "nit" + System.nanoTime() + "-";
        String topic = createAlertsTopic(kafka, prefix);
        try (Receiver r = new Receiver(); KafkaProducer<String, byte[]> p = producer(kafka)) {
            Path props = dir.resolve("notifier.properties");
            Properties pr = new Properties();
            pr.putAll(settings(kafka, prefix, r));
            pr.put("notifier.instance-id", System.getProperty("it.instance", pr.getProperty("notifier.group-id") + "-it"));
            try (Writer w = Files.newBufferedWriter(props)) {
                pr.store(w, null);
            }
            List<Alert> alerts = firings(20, "4");
            String victim = alerts.get(10).id();
            CountDownLatch held = r.hold(body -> body.contains(victim) && body.contains("\"trigger\""));
            Process first = spawn(props, dir.resolve("first.log"));
            produce(p, topic, alerts);
            assertThat(held.await(90, TimeUnit.SECONDS)).as("the 11th delivery is in flight").isTrue();
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no commit, no state write
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            r.release();
            assertThat(accepted(r)).containsExactlyElementsOf(expected(alerts.subList(0, 10), "trigger"));

            int before = accepted(r).size();
            long t0 = System.nanoTime();
            Process second = spawn(props, dir.resolve("second.log"));
            try {
                waitFor(() -> accepted(r).size() > before, Duration.ofSeconds(60), "a delivery by the new process");
                Duration resumed = Duration.ofNanos(System.nanoTime() - t0);
                LOG.info("kill -9 and restart: delivery resumed {} ms after the new JVM was started", resumed.toMillis());
                assertThat(resumed).as("resumed within " + RESUME_TARGET).isLessThan(RESUME_TARGET);
                waitFor(() -> accepted(r).size() >= 20, Duration.ofSeconds(60), "every firing");
                produce(p, topic, resolutions(alerts));
                waitFor(() -> accepted(r).size() >= 40, Duration.ofSeconds(60), "every resolution");
                Map<String, Integer> triggers = new LinkedHashMap<>();
                Map<String, Integer> resolves = new LinkedHashMap<>();
                for (String e : accepted(r)) {
                    String[] kv = e.split(" ");
                    (kv[1].equals("trigger") ? triggers : resolves).merge(kv[0], 1, Integer::sum);
                }
                for (Alert a : alerts) {
                    assertThat(triggers.get(a.id())).as("FIRING of " + a.key()).isEqualTo(1);
                    assertThat(resolves.get(a.id())).as("RESOLVED of " + a.key()).isEqualTo(1);
                }
                assertThat(accepted(r)).hasSize(40);
            } finally {
                second.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aDeadLaneFailsTheNotifierLoudlyInsteadOfLeavingAZombie(EmbeddedKafka kafka) throws Exception {
        String prefix = "nit" + System.nanoTime() + "-";
        String topic = createAlertsTopic(kafka, prefix);
        Map<String, String> s = new HashMap<>();
        s.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        s.put("topics.prefix", prefix);
        s.put("notifier.group-id", prefix + "notifier");
        java.io.PrintStream broken = new java.io.PrintStream(java.io.OutputStream.nullOutputStream()) {
            @Override
            public void println(String x) {
                throw new StackOverflowError("simulated");
            }
        };
        CountDownLatch fatal = new CountDownLatch(1);
        try (KafkaProducer<String, byte[]> p = producer(kafka);
             Notifier n = Notifier.builder(NotifierConfig.from(Config.of(s)), new SimpleMeterRegistry()).console(broken)
                     .onFatal(e -> fatal.countDown()).start()) {
            produce(p, topic, firings(1, "5"));
            assertThat(fatal.await(60, TimeUnit.SECONDS)).as("the fatal handler ran").isTrue();
            assertThat(n.health()).isEqualTo(Notifier.Health.FAILED);
            assertThat(n.failure()).get().isInstanceOf(StackOverflowError.class);
        }
    }

    static Process spawn(Path props, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                NotifierProcess.class.getName(), props.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }
}
