package io.authstream.analyzer.bench;

import io.authstream.analyzer.Analyzer;
import io.authstream.analyzer.AnalyzerConfig;
import io.authstream.analyzer.engine.RuleSpec;
import io.authstream.analyzer.engine.SequenceRule;
import io.authstream.analyzer.engine.SilenceRule;
import io.authstream.analyzer.engine.SpikeProcessor;
import io.authstream.analyzer.engine.SpikeRule;
import io.authstream.analyzer.stream.ClassifyProcessor;
import io.authstream.embedded.EmbeddedKafka;
import io.authstream.schemas.config.Config;
import io.authstream.schemas.record.Alert;
import io.authstream.schemas.topic.TopicDescriptor;
import io.authstream.schemas.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * Analyzer benchmark (not a test). On one embedded broker, 3 partitions, exactly_once_v2:
 * <ol>
 *   <li>throughput: {@code bench.events} realistic events pre-loaded, then the consumption rate of
 *       (a) a reference peer, an exactly-once Streams app that only filters and copies the bytes, and
 *       (b) the analyzer with every detection on; state-store entries sampled at each quarter;</li>
 *   <li>latency: background traffic at {@code bench.rate} events/s for {@code bench.latency.seconds},
 *       with a Management API failure burst every 250 ms; latency = produce of the crossing event
 *       → alert readable (read_committed) on {@code auth0-alerts}; p50/p99/max.</li>
 * </ol>
 * Command in docs/analyzer.md. Run under {@code flock /tmp/authstream-bench.lock}.
 */
public final class AnalyzerBench {
    private static final long EVENTS = Long.getLong("bench.events", 2_000_000L);
    private static final int RATE = Integer.getInteger("bench.rate", 5000);
    private static final long LATENCY_SECONDS = Long.getLong("bench.latency.seconds", 60);
    /** Event-time rate of the pre-loaded traffic: how many hours it spans decides how much window state lives. */
    private static final double EVENT_TIME_RATE = Double.parseDouble(System.getProperty("bench.event-time-rate", "100"));

    private AnalyzerBench() {
    }

    public static void main(String[] args) throws Exception {
        Path state = Files.createTempDirectory("analyzer-bench-");
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().brokerProperty("num.partitions", "3").start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Topics topics = new Topics("bench-", 3);
            create(admin, topics);
            admin.createTopics(List.of(new NewTopic("bench-peer-out", 3, (short) 1))).all().get();
            long t0 = System.nanoTime();
            produce(kafka, topics.events().name(), EVENTS);
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("preload: %,d events in %.1f s (%,.0f events/s)%n", EVENTS, secs, EVENTS / secs);

            double peer = peer(kafka, admin, topics, state.resolve("peer"));
            System.out.printf("reference peer (EOS filter+copy): %,.0f events/s%n", peer);
            double analyzer = analyzerThroughput(kafka, admin, topics, state.resolve("analyzer"));
            System.out.printf("analyzer (all detections): %,.0f events/s = %.2f x peer%n", analyzer, analyzer / peer);

            Topics lat = new Topics("lat-", 3);
            create(admin, lat);
            latency(kafka, lat, state.resolve("latency"));
        } finally {
            io.authstream.embedded.FileTrees.deleteQuietly(state);
        }
    }

    private static void create(Admin admin, Topics topics) throws Exception {
        List<NewTopic> nt = new ArrayList<>();
        for (TopicDescriptor t : topics.all()) {
            nt.add(new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.configs()));
        }
        admin.createTopics(nt).all().get();
    }

    private static KafkaProducer<String, byte[]> producer(EmbeddedKafka kafka, int lingerMs) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, Integer.toString(lingerMs),
                ProducerConfig.BATCH_SIZE_CONFIG, "131072", ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static RecordHeaders headers() {
        RecordHeaders h = new RecordHeaders();
        h.add("authstream-tenant", "acme".getBytes(StandardCharsets.UTF_8));
        h.add("authstream-stream", "prod".getBytes(StandardCharsets.UTF_8));
        return h;
    }

    private static void produce(EmbeddedKafka kafka, String topic, long n) {
        // all in the past: the traffic ends an hour before now (dates ahead of the clock would be clamped)
        long spanMillis = (long) (n * 1000 / EVENT_TIME_RATE);
        Traffic traffic = new Traffic(42, Instant.now().minusMillis(spanMillis).minus(Duration.ofHours(1)), EVENT_TIME_RATE);
        try (KafkaProducer<String, byte[]> p = producer(kafka, 10)) {
            for (long i = 0; i < n; i++) {
                Traffic.Event e = traffic.next();
                p.send(new ProducerRecord<>(topic, null, e.logId(), e.json(), headers()));
            }
            p.flush();
        }
    }

    /** Waits until {@code group} has committed all {@code total} events; returns events/s from its first commit. */
    private static double consumptionRate(Admin admin, String group, String topic, long total, Runnable sampler,
                                          Duration max) throws Exception {
        long start = System.nanoTime();
        long firstNanos = -1;
        long firstOffset = 0;
        long nextSample = total / 4;
        long end = start + max.toNanos();
        while (System.nanoTime() < end) {
            Map<TopicPartition, OffsetAndMetadata> offs = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            long sum = offs.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
            if (sum > 0 && firstNanos < 0) {
                firstNanos = System.nanoTime();
                firstOffset = sum;
            }
            if (sampler != null && sum >= nextSample && nextSample <= total) {
                System.out.printf("  after %,d events:%n", sum);
                sampler.run();
                nextSample += total / 4;
            }
            if (sum >= total) {
                double secs = (System.nanoTime() - firstNanos) / 1e9;
                return (sum - firstOffset) / Math.max(secs, 1e-3);
            }
            LockSupport.parkNanos(100_000_000L);
        }
        throw new IllegalStateException(group + " did not finish within " + max);
    }

    private static double peer(EmbeddedKafka kafka, Admin admin, Topics topics, Path dir) throws Exception {
        StreamsBuilder b = new StreamsBuilder();
        b.stream(topics.events().name(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .filter((k, v) -> v != null && v.length > 0 && v[0] == '{')
                .to("bench-peer-out", Produced.with(Serdes.String(), Serdes.ByteArray()));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-peer");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "5");
        try (KafkaStreams s = new KafkaStreams(b.build(), p)) {
            s.start();
            return consumptionRate(admin, "bench-peer", topics.events().name(), EVENTS, null, Duration.ofMinutes(20));
        }
    }

    private static AnalyzerConfig config(EmbeddedKafka kafka, String prefix, String appId, Path dir) {
        Map<String, String> m = new HashMap<>();
        m.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        m.put("topics.prefix", prefix);
        m.put("analyzer.application-id", appId);
        m.put("analyzer.state-dir", dir.toString());
        m.put("analyzer.detections.stream-silence.streams", "acme/prod");
        for (String d : System.getProperty("bench.disable", "").split(",")) { // e.g. to measure what some detections cost
            if (!d.isBlank()) {
                m.put("analyzer.detections." + d.strip() + ".enabled", "false");
            }
        }
        return AnalyzerConfig.from(Config.of(m));
    }

    private static double analyzerThroughput(EmbeddedKafka kafka, Admin admin, Topics topics, Path dir) throws Exception {
        AnalyzerConfig cfg = config(kafka, "bench-", "bench-analyzer", dir);
        try (Analyzer a = Analyzer.start(cfg, new SimpleMeterRegistry())) {
            double rate = consumptionRate(admin, "bench-analyzer", topics.events().name(), EVENTS,
                    () -> printStores(a, cfg), Duration.ofMinutes(30));
            LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
            System.out.println("  at the end:");
            printStores(a, cfg);
            printChangelogs(admin, "bench-analyzer");
            Map<String, Double> late = new java.util.TreeMap<>();
            a.metrics().registry().find("authstream.analyzer.late.dropped").counters()
                    .forEach(c -> late.put(c.getId().getTag("rule"), c.count()));
            System.out.println("  late dropped per rule: " + late);
            Map<String, Double> alerts = new java.util.TreeMap<>();
            a.metrics().registry().find("authstream.analyzer.alerts").counters()
                    .forEach(c -> alerts.merge(c.getId().getTag("rule"), c.count(), Double::sum));
            System.out.println("  alerts per rule: " + alerts);
            System.out.printf("  duplicates dropped %,.0f, late dropped %,.0f, alerts %,.0f%n",
                    a.metrics().count("authstream.analyzer.duplicates"),
                    a.metrics().registry().find("authstream.analyzer.late.dropped").counters().stream().mapToDouble(c -> c.count()).sum(),
                    a.metrics().registry().find("authstream.analyzer.alerts").counters().stream().mapToDouble(c -> c.count()).sum());
            return rate;
        }
    }

    private static void printStores(Analyzer a, AnalyzerConfig cfg) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        try {
            sizes.put(ClassifyProcessor.DEDUP_STORE, windowEntries(a, ClassifyProcessor.DEDUP_STORE));
            for (RuleSpec r : cfg.rules()) {
                if (r instanceof SilenceRule) {
                    sizes.put(r.id() + "-last-seen", kvEntries(a, r.id() + "-last-seen"));
                } else if (r instanceof SequenceRule) {
                    sizes.put(r.id() + "-chains", kvEntries(a, r.id() + "-chains"));
                } else if (r instanceof SpikeRule) {
                    String b = SpikeProcessor.bucketStoreName((SpikeRule) r);
                    sizes.put(b, kvEntries(a, b));
                    sizes.put(r.id() + "-baseline", kvEntries(a, r.id() + "-baseline"));
                } else {
                    sizes.put(r.id() + "-groups", kvEntries(a, r.id() + "-groups"));
                    sizes.put(r.id() + "-alerts", kvEntries(a, r.id() + "-alerts"));
                }
            }
        } catch (RuntimeException e) {
            System.out.println("    (stores not queryable right now: " + e.getMessage() + ")");
            return;
        }
        long total = sizes.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder line = new StringBuilder("    entries total " + String.format("%,d", total) + ":");
        sizes.forEach((k, v) -> {
            if (v > 0) {
                line.append(' ').append(k).append('=').append(v);
            }
        });
        System.out.println(line);
    }

    private static long windowEntries(Analyzer a, String name) {
        var store = a.streams().store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, byte[]>windowStore()));
        long n = 0;
        try (var it = store.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    private static long kvEntries(Analyzer a, String name) {
        var store = a.streams().store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, byte[]>keyValueStore()));
        long n = 0;
        try (var it = store.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    private static void printChangelogs(Admin admin, String appId) throws Exception {
        long bytes = 0;
        Map<String, Long> perTopic = new HashMap<>();
        for (var dir : admin.describeLogDirs(List.of(1)).allDescriptions().get().get(1).values()) {
            for (Map.Entry<TopicPartition, ReplicaInfo> e : dir.replicaInfos().entrySet()) {
                String t = e.getKey().topic();
                if (t.startsWith(appId) && t.endsWith("-changelog")) {
                    bytes += e.getValue().size();
                    perTopic.merge(t.substring(appId.length() + 1), e.getValue().size(), Long::sum);
                }
            }
        }
        System.out.printf("  changelog topics on disk: %,d bytes (%s)%n", bytes, perTopic);
    }

    private static void latency(EmbeddedKafka kafka, Topics topics, Path dir) throws Exception {
        AnalyzerConfig cfg = config(kafka, "lat-", "lat-analyzer", dir);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        Thread collector = new Thread(() -> {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafka.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "lat-check", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                    "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                c.subscribe(List.of(topics.alerts().name()));
                while (!stop.get()) {
                    for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(20))) {
                        long now = System.nanoTime();
                        Alert a = Alert.fromJson(r.value());
                        Long sent = a.rule().equals("management-api-failures") ? sentAt.remove(a.group().get("client_id")) : null;
                        if (sent != null) {
                            latencies.add(now - sent);
                        }
                    }
                }
            }
        }, "latency-collector");
        collector.start();
        try (Analyzer a = Analyzer.start(cfg, new SimpleMeterRegistry());
             KafkaProducer<String, byte[]> p = producer(kafka, 0)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (a.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
                LockSupport.parkNanos(50_000_000L);
            }
            Traffic traffic = new Traffic(7, Instant.now(), RATE);
            long start = System.nanoTime();
            long sent = 0;
            int burst = 0;
            long end = start + Duration.ofSeconds(LATENCY_SECONDS).toNanos();
            long warmUpUntil = start + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < end) {
                long due = (System.nanoTime() - start) * RATE / 1_000_000_000L;
                for (; sent < due; sent++) {
                    Traffic.Event e = traffic.next();
                    p.send(new ProducerRecord<>(topics.events().name(), null, e.logId(), e.json(), headers()));
                    if (sent % (RATE / 4) == 0 && System.nanoTime() > warmUpUntil) {
                        String client = "lat-client-" + burst++;
                        Instant now = Instant.now();
                        for (int i = 1; i <= 5; i++) {
                            String id = "lat-" + client + "-" + i;
                            byte[] ev = ("{\"log_id\":\"" + id + "\",\"data\":{\"date\":\"" + now + "\",\"type\":\"fapi\","
                                    + "\"client_id\":\"" + client + "\",\"log_id\":\"" + id + "\"}}").getBytes(StandardCharsets.UTF_8);
                            if (i == 5) {
                                p.flush();
                                sentAt.put(client, System.nanoTime());
                            }
                            p.send(new ProducerRecord<>(topics.events().name(), null, id, ev, headers()));
                        }
                    }
                }
                LockSupport.parkNanos(1_000_000L);
            }
            p.flush();
            double secs = (System.nanoTime() - start) / 1e9;
            long drain = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!sentAt.isEmpty() && System.nanoTime() < drain) {
                LockSupport.parkNanos(50_000_000L);
            }
            stop.set(true);
            collector.join(10_000);
            List<Long> l = new ArrayList<>(latencies);
            l.sort(Long::compare);
            System.out.printf("latency at %,.0f events/s for %.0f s: %d alerts, %d missing; p50 %d ms, p99 %d ms, max %d ms%n",
                    sent / secs, secs, l.size(), sentAt.size(), pct(l, 0.50), pct(l, 0.99),
                    l.isEmpty() ? -1 : l.get(l.size() - 1) / 1_000_000);
        }
    }

    private static long pct(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)) / 1_000_000;
    }
}
