package io.authstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.authstream.archive.ArchiveConfig;
import io.authstream.archive.ArchiveService;
import io.authstream.embedded.EmbeddedElasticsearch;
import io.authstream.embedded.EmbeddedKafka;
import io.authstream.embedded.junit.EmbeddedStack;
import io.authstream.schemas.config.Config;
import io.authstream.schemas.topic.Topics;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The black-box fault run with the packaged commands: {@code authstream analyze} and
 * {@code authstream notify} (webhook and console destinations) as separate JVMs and the archive
 * writing the alerts index, during a brute-force attack on 30 accounts. Both commands are killed
 * with {@code kill -9} in the middle of it (the notifier with a webhook delivery unanswered, the
 * analyzer while it works through the second half), the rest of the attack arrives while they are
 * down, and both are started again. Every sink must hold exactly one FIRING per alert key, and
 * every key of the topic must be in every sink: the alerts topic ({@code read_committed}), the
 * webhook, the console output of both notify JVMs and the alerts index.
 */
@EmbeddedStack
class KillBothCommandsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int USERS = 30;
    private static final Pattern CONSOLE_FIRING = Pattern.compile("^ALERT FIRING .* \\[(\\S+) rev \\d+]$", Pattern.MULTILINE);
    private final List<JsonNode> hook = new CopyOnWriteArrayList<>();
    private volatile String holdUser;
    private final java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

    @Test
    void killingAnalyzeAndNotifyMidAttackLeavesExactlyOneFiringPerKeyInEverySink(EmbeddedKafka kafka,
                                                                                EmbeddedElasticsearch es, @TempDir Path dir)
            throws Exception {
        String prefix = "kb" + System.nanoTime() + "-";
        HttpServer receiver = receiver();
        Path config = config(kafka, prefix, receiver, dir);
        Topics topics = new Topics(prefix, 3);
        List<CommandProcess> started = new ArrayList<>();
        try (ArchiveService archive = ArchiveService.start(ArchiveConfig.from(Config.of(archiveSettings(kafka, es, prefix))));
             KafkaProducer<String, byte[]> producer = producer(kafka)) {
            CommandProcess analyze = start(started, dir, "analyze", "--config", config.toString());
            assertThat(analyze.awaitOutput("authstream analyze:", Duration.ofSeconds(120))).as(analyze.output()).isTrue();
            CommandProcess notify = start(started, dir, "notify", "--config", config.toString());
            assertThat(notify.awaitOutput("authstream notify:", Duration.ofSeconds(120))).as(notify.output()).isTrue();
            holdUser = user(8);
            Instant at = Instant.now();

            attack(producer, topics, 0, USERS / 2, at, Duration.ZERO);
            assertThat(held.await(120, TimeUnit.SECONDS)).as("a webhook delivery is in flight").isTrue();
            int firstHalf = USERS / 2;
            waitFor(() -> consoleIds(notify).size() >= firstHalf, Duration.ofSeconds(60), "the console caught up");
            notify.kill(); // with a webhook delivery unanswered and its offsets uncommitted
            release.countDown();
            String console1 = notify.output();

            Thread second = new Thread(() -> attack(producer, topics, USERS / 2, USERS, at, Duration.ofMillis(40)), "second-half");
            second.start();
            waitFor(() -> firings(kafka, topics).size() > firstHalf, Duration.ofSeconds(60), "an alert of the second half");
            analyze.kill(); // mid-attack, its transaction open
            second.join(60_000);

            long t0 = System.nanoTime();
            start(started, dir, "analyze", "--config", config.toString());
            int hookBefore = firingsAt(hook).size();
            CommandProcess notify2 = start(started, dir, "notify", "--config", config.toString());
            waitFor(() -> firingsAt(hook).size() > hookBefore, Duration.ofSeconds(90), "a delivery by the new notify");
            System.out.printf("KILL-BOTH COMMANDS: notify delivering again %d ms after the restart%n",
                    Duration.ofNanos(System.nanoTime() - t0).toMillis());
            waitFor(() -> firings(kafka, topics).values().stream().filter(k -> k.startsWith("brute-force|")).count() >= USERS,
                    Duration.ofSeconds(120), "a brute-force alert per account on the topic");
            Map<String, String> topic = firings(kafka, topics);
            waitFor(() -> firingsAt(hook).keySet().containsAll(topic.keySet())
                    && ids(console1, notify2.output()).containsAll(topic.keySet())
                    && alertsIndex(es, prefix).keySet().containsAll(topic.keySet()), Duration.ofSeconds(120),
                    "every firing in every sink");
            Thread.sleep(3000); // a late duplicate would arrive in this time; nothing to poll for

            Map<String, Integer> perKey = count(topic.values().stream().toList());
            assertThat(perKey).as("FIRING per key on the topic").allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1));
            assertThat(count(firingsAt(hook).entrySet().stream().flatMap(e -> java.util.Collections.nCopies(e.getValue(),
                    topic.get(e.getKey())).stream()).toList())).as("at the webhook").isEqualTo(perKey);
            assertThat(count(idList(console1, notify2.output()).stream().map(topic::get).toList())).as("on the console")
                    .isEqualTo(perKey);
            assertThat(count(alertsIndex(es, prefix).entrySet().stream().flatMap(e -> java.util.Collections.nCopies(e.getValue(),
                    topic.get(e.getKey())).stream()).toList())).as("in the alerts index").isEqualTo(perKey);
        } finally {
            release.countDown();
            for (CommandProcess p : started) {
                p.close();
            }
            receiver.stop(0);
        }
    }

    private static CommandProcess start(List<CommandProcess> started, Path dir, String... args) throws Exception {
        CommandProcess p = CommandProcess.start(dir, Map.of(), args);
        started.add(p);
        return p;
    }

    private static String user(int i) {
        return "account" + i + "@example.com";
    }

    private HttpServer receiver() throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        s.createContext("/hook", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            String text = new String(body, StandardCharsets.UTF_8);
            String h = holdUser;
            if (h != null && text.contains(h) && text.contains("\"firing\"")) {
                holdUser = null;
                held.countDown();
                try {
                    release.await(); // never answered: the notify JVM is killed meanwhile
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ex.close();
                return;
            }
            hook.add(JSON.readTree(body));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        s.start();
        return s;
    }

    private static Path config(EmbeddedKafka kafka, String prefix, HttpServer receiver, Path dir) throws Exception {
        return Files.writeString(dir.resolve("authstream.yaml"), """
                kafka:
                  bootstrap.servers: "%s"
                topics:
                  prefix: "%s"
                analyzer:
                  application-id: "%sanalyzer"
                  state-dir: "%s"
                  punctuation-interval: 1s
                notifier:
                  group-id: "%snotifier"
                  instance-id: "%snotifier-it"
                  retry: { initial-backoff: 50ms, max-backoff: 500ms }
                  destinations:
                    hook: { type: webhook, url: "http://127.0.0.1:%d/hook", timeout: 60s }
                    console: { type: console }
                """.formatted(kafka.bootstrapServers(), prefix, prefix, dir.resolve("state"), prefix, prefix,
                receiver.getAddress().getPort()));
    }

    private static Map<String, String> archiveSettings(EmbeddedKafka kafka, EmbeddedElasticsearch es, String prefix) {
        Map<String, String> m = new HashMap<>();
        m.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        m.put("topics.prefix", prefix);
        m.put("archive.elasticsearch.url", es.httpUrl());
        if (es.securityEnabled()) {
            m.put("archive.elasticsearch.username", "elastic");
            m.put("archive.elasticsearch.password", es.password().orElseThrow());
        }
        m.put("archive.index-prefix", prefix);
        m.put("archive.group-id", prefix + "archive");
        m.put("archive.bulk.flush-interval", "200ms");
        m.put("archive.ops.port", "-1");
        return m;
    }

    private static KafkaProducer<String, byte[]> producer(EmbeddedKafka kafka) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, "0"),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Six failed logins per account, one source address per account (brute force, not stuffing). */
    private static void attack(KafkaProducer<String, byte[]> p, Topics topics, int from, int to, Instant at, Duration gap) {
        try {
            for (int u = from; u < to; u++) {
                for (int i = 0; i < 6; i++) {
                    String id = "kb-" + u + "-" + i;
                    String event = "{\"log_id\":\"" + id + "\",\"data\":{\"log_id\":\"" + id + "\",\"type\":\"fp\",\"date\":\""
                            + at.plusMillis(u * 100L + i) + "\",\"ip\":\"198.51.100." + u + "\",\"user_name\":\"" + user(u) + "\"}}";
                    RecordHeaders h = new RecordHeaders();
                    h.add(Topics.HEADER_TENANT, "acme".getBytes(StandardCharsets.UTF_8));
                    h.add(Topics.HEADER_STREAM, "prod".getBytes(StandardCharsets.UTF_8));
                    h.add(Topics.HEADER_RECEIVED_AT, Instant.now().toString().getBytes(StandardCharsets.UTF_8));
                    p.send(new ProducerRecord<>(topics.events().name(), null, id, event.getBytes(StandardCharsets.UTF_8), h))
                            .get(30, TimeUnit.SECONDS);
                }
                TimeUnit.MILLISECONDS.sleep(gap.toMillis()); // pacing of the attack, not a wait for a result
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every FIRING on the alerts topic, read committed from the start: alert id → key, in order (one entry per record). */
    private static Map<String, String> firings(EmbeddedKafka kafka, Topics topics) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "kb-check-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(topics.alerts().name()));
            long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < end) {
                c.poll(Duration.ofMillis(200)).forEach(r -> {
                    try {
                        JsonNode a = JSON.readTree(r.value());
                        if (a.path("state").asText().equals("firing")) {
                            keys.add(a.path("id").asText() + "\n" + a.path("key").asText());
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
        }
        for (String k : keys) {
            String[] idKey = k.split("\n", 2);
            if (out.put(idKey[0], idKey[1]) != null) {
                out.put(idKey[0] + "#dup" + out.size(), idKey[1]); // a second FIRING of one id shows as a second entry
            }
        }
        return out;
    }

    /** FIRINGs the webhook answered, alert id → how many times. */
    private Map<String, Integer> firingsAt(List<JsonNode> got) {
        return count(got.stream().filter(a -> a.path("state").asText().equals("firing")).map(a -> a.path("id").asText()).toList());
    }

    private static List<String> idList(String... outputs) {
        List<String> ids = new ArrayList<>();
        for (String o : outputs) {
            Matcher m = CONSOLE_FIRING.matcher(o);
            while (m.find()) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }

    private static Set<String> ids(String... outputs) {
        return Set.copyOf(idList(outputs));
    }

    private static Set<String> consoleIds(CommandProcess p) {
        return ids(p.output());
    }

    /** FIRING documents in the alerts index: alert id → how many. */
    private static Map<String, Integer> alertsIndex(EmbeddedElasticsearch es, String prefix) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(es.httpUrl() + "/" + prefix + "alerts-*/_search?size=1000"
                    + "&q=alert.state:firing&ignore_unavailable=true"));
            es.password().ifPresent(pw -> b.header("Authorization", EmbeddedElasticsearch.basicAuth("elastic", pw)));
            HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
            List<String> ids = new ArrayList<>();
            JSON.readTree(r.body()).path("hits").path("hits").forEach(h -> ids.add(h.path("_source").path("alert").path("id").asText()));
            return count(ids);
        } catch (Exception e) {
            return Map.of();
        }
    }

    private static Map<String, Integer> count(List<String> keys) {
        Map<String, Integer> out = new TreeMap<>();
        keys.forEach(k -> out.merge(k, 1, Integer::sum));
        return out;
    }

    private static void waitFor(BooleanSupplier condition, Duration max, String what) {
        long end = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + max.toSeconds() + " s waiting for " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L); // poll interval of the deadline loop
        }
    }
}
