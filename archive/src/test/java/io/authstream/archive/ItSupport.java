package io.authstream.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authstream.embedded.EmbeddedElasticsearch;
import io.authstream.embedded.EmbeddedKafka;
import io.authstream.schemas.config.Config;
import io.authstream.schemas.topic.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Small helpers the archive's integration tests share: Elasticsearch over plain HTTP, Kafka produce and offsets. */
final class ItSupport {
    static final ObjectMapper M = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ItSupport() {
    }

    /** Archive settings for a test: its own topic and index prefixes and group. */
    static ArchiveConfig config(EmbeddedKafka kafka, String esUrl, EmbeddedElasticsearch secured, String name, Map<String, String> extra) {
        Map<String, String> m = new HashMap<>();
        m.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        m.put("archive.elasticsearch.url", esUrl);
        if (secured != null && secured.securityEnabled()) {
            m.put("archive.elasticsearch.username", "elastic");
            m.put("archive.elasticsearch.password", secured.password().orElseThrow());
        }
        m.put("archive.index-prefix", name + "-");
        m.put("topics.prefix", name + "-");
        m.put("archive.group-id", name + "-archive");
        m.put("archive.bulk.flush-interval", "200ms");
        m.put("archive.retry.max-backoff", "2s");
        m.put("archive.ops.port", "-1");
        m.putAll(extra);
        return ArchiveConfig.from(Config.of(m));
    }

    static void createTopics(EmbeddedKafka kafka, Topics topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(topics.all().stream()
                    .map(t -> new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.configs())).toList()).all().get(30, TimeUnit.SECONDS);
            // Producing into a topic whose leaders are not elected yet made the idempotent producer
            // loop on OUT_OF_ORDER_SEQUENCE_NUMBER once under load: wait for every leader first.
            List<String> names = topics.all().stream().map(t -> t.name()).toList();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < end) {
                boolean ready;
                try {
                    ready = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                            .allMatch(d -> d.partitions().stream().allMatch(pi -> pi.leader() != null && !pi.leader().isEmpty()));
                } catch (java.util.concurrent.ExecutionException e) {
                    // a just-created topic may not be known to the metadata yet: that is "not ready", not a failure
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
                        throw e;
                    }
                    ready = false;
                }
                if (ready) {
                    return;
                }
                TimeUnit.MILLISECONDS.sleep(100); // polling interval of a deadline wait
            }
            throw new AssertionError("topic leaders were not elected within 30 s: " + names);
        }
    }

    static KafkaProducer<String, byte[]> producer(EmbeddedKafka kafka) {
        // One request in flight: with pipelining, a first batch refused as NOT_LEADER_OR_FOLLOWER by
        // a partition the broker has not opened yet, followed by a second batch it accepts, leaves
        // the idempotent producer retrying sequence 0 against end sequence N for the whole
        // delivery timeout (OUT_OF_ORDER_SEQUENCE_NUMBER), which is what made these ITs flaky.
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    static ProducerRecord<String, byte[]> eventRecord(String topic, String logId, byte[] value) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, logId, value);
        r.headers().add(Topics.HEADER_STREAM, "main".getBytes(StandardCharsets.UTF_8));
        r.headers().add(Topics.HEADER_TENANT, "acme".getBytes(StandardCharsets.UTF_8));
        r.headers().add(Topics.HEADER_RECEIVED_AT, "2026-11-27T12:00:00Z".getBytes(StandardCharsets.UTF_8));
        return r;
    }

    /** Sum of the end offsets of {@code topic}: how many records it really holds. */
    static long endOffsets(EmbeddedKafka kafka, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            var parts = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions();
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> req = new HashMap<>();
            parts.forEach(pi -> req.put(new TopicPartition(topic, pi.partition()), org.apache.kafka.clients.admin.OffsetSpec.latest()));
            return admin.listOffsets(req).all().get(30, TimeUnit.SECONDS).values().stream().mapToLong(o -> o.offset()).sum();
        }
    }

    /** Sum of the group's committed offsets over {@code topic}. */
    static long committed(EmbeddedKafka kafka, String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> m = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            return m.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        }
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100); // polling interval of a deadline wait, not a fixed delay
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting until " + what);
    }

    /** Elasticsearch over plain HTTP, with the embedded cluster's credentials when security is on. */
    record Es(String url, String user, String password) {
        static Es of(EmbeddedElasticsearch es) {
            return new Es(es.httpUrl(), es.username().orElse(null), es.password().orElse(null));
        }

        HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (user != null) {
                b.header("Authorization", EmbeddedElasticsearch.basicAuth(user, password));
            }
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        JsonNode json(String method, String path, String body) {
            try {
                return M.readTree(send(method, path, body).body());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Documents matching {@code pattern}, after a refresh; -1 while unreachable or nothing exists yet. */
        long count(String pattern) {
            try {
                send("POST", "/" + pattern + "/_refresh?ignore_unavailable=true&allow_no_indices=true", null);
                HttpResponse<String> r = send("GET", "/" + pattern + "/_count?ignore_unavailable=true&allow_no_indices=true", null);
                return r.statusCode() == 200 ? M.readTree(r.body()).path("count").asLong() : -1;
            } catch (IOException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        List<String> ids(JsonNode searchResponse) {
            List<String> out = new java.util.ArrayList<>();
            searchResponse.path("hits").path("hits").forEach(h -> out.add(h.path("_id").asText()));
            return out;
        }
    }
}
