package io.authstream.ingest;

import io.authstream.schemas.config.Config;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Starting ingest against a real broker, posting to it and reading what landed in Kafka (integration tests). */
public final class IngestFixture {
    public static final String TOKEN = "it-token-0123456789abcdef";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private IngestFixture() {
    }

    /** A configuration with its own topic prefix (tests share one broker), free ports and stream {@code main}. */
    public static Map<String, String> config(String bootstrap) {
        Map<String, String> m = new HashMap<>();
        m.put("kafka.bootstrap.servers", bootstrap);
        m.put("topics.prefix", "it-" + UUID.randomUUID().toString().substring(0, 8) + "-");
        m.put("ingest.http.host", "127.0.0.1");
        m.put("ingest.http.port", "0");
        m.put("ingest.ops.port", "0");
        m.put("ingest.streams.main.tokens", TOKEN);
        m.put("ingest.streams.main.tenant", "acme");
        m.put("ingest.kafka.probe-interval", "500ms");
        return m;
    }

    public static IngestServer start(Map<String, String> config) {
        IngestServer s = IngestServer.start(IngestConfig.from(Config.of(config)));
        if (!s.awaitReady(Duration.ofSeconds(30))) {
            s.close();
            throw new IllegalStateException("ingest did not become ready");
        }
        return s;
    }

    public static HttpResponse<String> post(IngestServer s, String body) {
        return post(s.endpoint("main"), TOKEN, "application/json", TestEvents.utf8(body), Map.of());
    }

    public static HttpResponse<String> post(URI uri, String token, String contentType, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        return send(b.build());
    }

    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build());
    }

    public static URI ops(IngestServer s, String path) {
        return URI.create("http://127.0.0.1:" + s.opsPort() + path);
    }

    /**
     * Every record of {@code topic}, polling until at least {@code atLeast} have arrived (or 30 s),
     * then a little longer so that unexpected extra records would be seen too.
     */
    public static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic, int atLeast) {
        Map<String, Object> p = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            long settle = -1;
            while (System.nanoTime() < end) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
                if (out.size() >= atLeast) {
                    if (settle < 0) {
                        settle = System.nanoTime() + Duration.ofMillis(700).toNanos();
                    } else if (System.nanoTime() > settle) {
                        break;
                    }
                }
            }
        }
        return out;
    }
}
