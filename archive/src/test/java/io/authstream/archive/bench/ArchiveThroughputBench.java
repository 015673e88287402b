package io.authstream.archive.bench;

import io.authstream.archive.ArchiveConfig;
import io.authstream.archive.Archiver;
import io.authstream.archive.EventDocuments;
import io.authstream.archive.TestEvents;
import io.authstream.embedded.EmbeddedElasticsearch;
import io.authstream.embedded.EmbeddedKafka;
import io.authstream.schemas.catalogue.EventCatalogue;
import io.authstream.schemas.config.Config;
import io.authstream.schemas.index.IndexLayout;
import io.authstream.schemas.index.IndexTemplates;
import io.authstream.schemas.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Archive throughput (Kafka → Elasticsearch) against a raw {@code _bulk} load of the same documents
 * (pre-built NDJSON, 5,000 per request, two concurrent streams), in one run on this machine.
 * Several rounds, alternating which goes first, so that a shared machine's drift shows and cancels.
 * Not a test. Usage (see docs/archive.md): {@code ArchiveThroughputBench [events] [rounds]}.
 */
public final class ArchiveThroughputBench {
    private static final int BATCH = 5000;

    private ArchiveThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().brokerProperty("num.partitions", "3").start();
             EmbeddedElasticsearch es = EmbeddedElasticsearch.builder().heap("512m").start()) {
            HttpClient http = HttpClient.newHttpClient();
            EventCatalogue catalogue = EventCatalogue.bundled();
            int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
            List<String> prefixes = new ArrayList<>(List.of("warm-"));
            for (int r = 1; r <= rounds; r++) {
                prefixes.add("raw" + r + "-");
                prefixes.add("arc" + r + "-");
            }
            for (String prefix : prefixes) {
                for (IndexTemplates.IndexTemplate t : IndexTemplates.forLayout(new IndexLayout(prefix, Map.of()))) {
                    send(http, es, "PUT", "/_index_template/" + t.name(), t.json().getBytes());
                }
            }
            Topics topics = new Topics("bench-", 3);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(topics.all().stream().map(t -> new NewTopic(t.name(), t.partitions(), (short) 1)).toList())
                        .all().get(30, TimeUnit.SECONDS);
            }
            long t0 = System.nanoTime();
            try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                    "acks", "all", "linger.ms", 5, "batch.size", 65536, "compression.type", "lz4",
                    "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
                    "value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer"))) {
                for (int i = 0; i < n; i++) {
                    ProducerRecord<String, byte[]> r = new ProducerRecord<>(topics.events().name(), TestEvents.logId("b", i),
                            TestEvents.event("b", i));
                    r.headers().add(Topics.HEADER_STREAM, "main".getBytes()).add(Topics.HEADER_TENANT, "acme".getBytes())
                            .add(Topics.HEADER_RECEIVED_AT, "2026-11-27T12:00:00Z".getBytes());
                    p.send(r);
                }
            }
            System.out.printf(Locale.ROOT, "produced %,d events in %.1f s; %d rounds of raw _bulk (2 x %d) and archive, order alternating%n",
                    n, (System.nanoTime() - t0) / 1e9, rounds, BATCH);

            // warm-up: JIT in Elasticsearch and here
            rawLoad(http, es, bodies(catalogue, "warm-", Math.min(n, 40_000)), Math.min(n, 40_000));
            List<Double> ratios = new ArrayList<>();
            List<Double> steadyRatios = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                double raw;
                double[] arc;
                if (r % 2 == 1) {
                    raw = rawLoad(http, es, bodies(catalogue, "raw" + r + "-", n), n);
                    arc = archive(kafka, es, catalogue, n, r);
                } else {
                    arc = archive(kafka, es, catalogue, n, r);
                    raw = rawLoad(http, es, bodies(catalogue, "raw" + r + "-", n), n);
                }
                ratios.add(arc[0] / raw);
                steadyRatios.add(arc[1] / raw);
                System.out.printf(Locale.ROOT, "round %d: raw %,8.0f docs/s | archive %,8.0f docs/s from start, %,8.0f steady "
                        + "(bulk mean %.0f ms) | ratio %.2f from start, %.2f steady%n", r, raw, arc[0], arc[1], arc[2],
                        arc[0] / raw, arc[1] / raw);
            }
            System.out.printf(Locale.ROOT, "median ratio archive / raw: %.2f from start, %.2f steady%n", median(ratios), median(steadyRatios));
            send(http, es, "POST", "/_refresh", null);
            System.out.println("docs: raw1=" + count(http, es, "raw1-logs-*") + " arc1=" + count(http, es, "arc1-logs-*"));
        }
    }

    /** Archives the whole topic with a fresh group into arc{round}-: docs/s from start, steady docs/s, mean bulk ms. */
    private static double[] archive(EmbeddedKafka kafka, EmbeddedElasticsearch es, EventCatalogue catalogue, int n, int round)
            throws Exception {
        ArchiveConfig cfg = ArchiveConfig.from(Config.of(Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
                "archive.elasticsearch.url", es.httpUrl(), "archive.index-prefix", "arc" + round + "-", "topics.prefix", "bench-",
                "archive.group-id", "bench-archive-" + round, "archive.bulk.max-actions", String.valueOf(BATCH),
                "archive.bulk.concurrency", "2", "archive.ops.port", "-1", "archive.alerts.enabled", "false")));
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        long a0 = System.nanoTime();
        try (Archiver a = Archiver.start(cfg, catalogue, metrics)) {
            long firstAck = 0;
            double atFirst = 0;
            double done;
            while ((done = metrics.counter("authstream.archive.documents", "result", "indexed").count()) < n) {
                if (firstAck == 0 && done > 0) {
                    firstAck = System.nanoTime();
                    atFirst = done;
                }
                TimeUnit.MILLISECONDS.sleep(20);
                if (System.nanoTime() - a0 > TimeUnit.MINUTES.toNanos(20)) {
                    throw new IllegalStateException("archive did not finish in 20 minutes");
                }
            }
            long end = System.nanoTime();
            return new double[] {n / ((end - a0) / 1e9), (n - atFirst) / ((end - firstAck) / 1e9),
                    metrics.get("authstream.archive.bulk.latency").timer().mean(TimeUnit.MILLISECONDS)};
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }

    /** The exact documents the archive writes, as bulk bodies of 5,000. */
    private static List<byte[]> bodies(EventCatalogue catalogue, String prefix, int n) {
        EventDocuments docs = new EventDocuments(catalogue, new IndexLayout(prefix, Map.of()));
        List<byte[]> out = new ArrayList<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream(BATCH * 2600);
        for (int i = 0; i < n; i++) {
            body.writeBytes(((EventDocuments.Built) docs.build(TestEvents.event("b", i), "main", "acme", "2026-11-27T12:00:00Z")).line());
            if ((i + 1) % BATCH == 0 || i == n - 1) {
                out.add(body.toByteArray());
                body.reset();
            }
        }
        return out;
    }

    /** Two streams taking bodies from one queue; docs/s over the wall time. */
    private static double rawLoad(HttpClient http, EmbeddedElasticsearch es, List<byte[]> bodies, int n) throws Exception {
        ConcurrentLinkedQueue<byte[]> q = new ConcurrentLinkedQueue<>(bodies);
        long t0 = System.nanoTime();
        List<Thread> streams = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            Thread t = new Thread(() -> {
                byte[] b;
                while ((b = q.poll()) != null) {
                    try {
                        String r = send(http, es, "POST", "/_bulk", b);
                        if (r.contains("\"errors\":true")) {
                            throw new IllegalStateException("raw bulk had errors: " + r.substring(0, Math.min(500, r.length())));
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            t.start();
            streams.add(t);
        }
        for (Thread t : streams) {
            t.join();
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    private static String send(HttpClient http, EmbeddedElasticsearch es, String method, String path, byte[] body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(es.httpUrl() + path)).timeout(Duration.ofMinutes(2))
                .header("Content-Type", path.endsWith("_bulk") ? "application/x-ndjson" : "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return http.send(r, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String count(HttpClient http, EmbeddedElasticsearch es, String pattern) throws Exception {
        return send(http, es, "GET", "/" + pattern + "/_count", null);
    }
}
