package io.authstream.archive;

import static io.authstream.archive.ItSupport.await;
import static io.authstream.archive.ItSupport.committed;
import static io.authstream.archive.ItSupport.eventRecord;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.authstream.archive.ItSupport.Es;
import io.authstream.embedded.EmbeddedElasticsearch;
import io.authstream.embedded.EmbeddedKafka;
import io.authstream.embedded.junit.EmbeddedStack;
import io.authstream.schemas.catalogue.EventCatalogue;
import io.authstream.schemas.record.RejectedEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** The archive against the shared real Kafka and Elasticsearch. */
@EmbeddedStack
class ArchiveIT {

    @Test
    void redeliveredDuplicatesEndUpAsExactlyTheUniqueEventsKeyedByLogId(EmbeddedKafka kafka, EmbeddedElasticsearch es) throws Exception {
        ArchiveConfig cfg = ItSupport.config(kafka, es.httpUrl(), es, "dup", Map.of("archive.bulk.max-actions", "100"));
        ItSupport.createTopics(kafka, cfg.topics());
        String topic = cfg.topics().events().name();
        int unique = 600;
        int duplicates = 200;
        try (TestProducer p = new TestProducer(kafka)) {
            for (int i = 0; i < unique; i++) {
                String id = TestEvents.logId("dup", i);
                p.send(eventRecord(topic, id, TestEvents.event("dup", i)));
                if (i % 3 == 0 && i / 3 < duplicates) {
                    // Auth0 redelivers the same event: same log_id, same bytes (it may land on any partition).
                    p.send(eventRecord(topic, id, TestEvents.event("dup", i)));
                }
            }
            p.flush();
        }
        long total = ItSupport.endOffsets(kafka, topic); // unique + duplicates, plus any record the test producer had to resend
        assertThat(total).isGreaterThanOrEqualTo(unique + duplicates);
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        Es http = Es.of(es);
        try (Archiver a = Archiver.start(cfg, EventCatalogue.bundled(), metrics)) {
            await("every record is committed", Duration.ofSeconds(180), () -> committedQuietly(kafka, cfg.groupId(), topic) == total);
            assertThat(a.health().live()).isTrue();
        }
        assertThat(http.count("dup-logs-*")).isEqualTo(unique);
        assertThat(metrics.counter("authstream.archive.documents", "result", "indexed").count()).isEqualTo(unique);
        assertThat(metrics.counter("authstream.archive.documents", "result", "duplicate").count()).isEqualTo(total - unique);

        // _id is the log_id, and the document says so too
        for (int i : new int[] {0, 3, 599}) {
            String id = TestEvents.logId("dup", i);
            JsonNode hit = http.json("GET", "/dup-logs-*/_search?q=_id:" + id, null).path("hits").path("hits");
            assertThat(hit).hasSize(1);
            assertThat(hit.get(0).at("/_source/event/id").asText()).isEqualTo(id);
            assertThat(hit.get(0).at("/_source/event/original").asText())
                    .isEqualTo(new String(TestEvents.event("dup", i), StandardCharsets.UTF_8));
        }
        // the intended field types, read back from the index Elasticsearch created
        JsonNode mappings = http.json("GET", "/dup-logs-*/_mapping", null);
        assertThat(mappings.size()).isGreaterThan(0);
        mappings.fields().forEachRemaining(e -> {
            JsonNode props = e.getValue().path("mappings").path("properties");
            assertThat(props.at("/@timestamp/type").asText()).isEqualTo("date");
            assertThat(props.at("/source/properties/ip/type").asText()).isEqualTo("ip");
            assertThat(props.at("/event/properties/id/type").asText()).isEqualTo("keyword");
            assertThat(props.at("/event/properties/original/index").asBoolean(true)).isFalse();
            assertThat(props.at("/auth0/properties/details/type").asText()).isEqualTo("flattened");
            assertThat(props.at("/authstream/properties/retention_class/type").asText()).isEqualTo("keyword");
        });

        // A new group re-reads the whole topic (a crash with nothing committed): it adds nothing.
        ArchiveConfig again = ItSupport.config(kafka, es.httpUrl(), es, "dup", Map.of("archive.group-id", "dup-archive-replay"));
        SimpleMeterRegistry m2 = new SimpleMeterRegistry();
        try (Archiver a = Archiver.start(again, EventCatalogue.bundled(), m2)) {
            await("the replay is committed", Duration.ofSeconds(180), () -> committedQuietly(kafka, "dup-archive-replay", topic) == total);
        }
        assertThat(http.count("dup-logs-*")).isEqualTo(unique);
        assertThat(m2.counter("authstream.archive.documents", "result", "duplicate").count()).isEqualTo(total);
    }

    @Test
    void aDocumentElasticsearchRejectsIsDeadLetteredWithTheReasonWhileItsBatchMatesAreIndexed(EmbeddedKafka kafka, EmbeddedElasticsearch es)
            throws Exception {
        ArchiveConfig cfg = ItSupport.config(kafka, es.httpUrl(), es, "rej", Map.of());
        ItSupport.createTopics(kafka, cfg.topics());
        String topic = cfg.topics().events().name();
        String badId = TestEvents.logId("rej", 7);
        byte[] bad = new String(TestEvents.event("rej", 7), StandardCharsets.UTF_8)
                .replace("\"user_id\":\"auth0|user7\"", "\"user_id\":{\"oops\":true}").getBytes(StandardCharsets.UTF_8);
        byte[] invalid = "{\"log_id\":\"900rej-invalid\",\"data\":{\"type\":\"f\",\"date\":\"yesterday\"}}".getBytes(StandardCharsets.UTF_8);
        try (TestProducer p = new TestProducer(kafka)) {
            for (int i = 0; i < 20; i++) {
                p.send(eventRecord(topic, TestEvents.logId("rej", i), i == 7 ? bad : TestEvents.event("rej", i)));
            }
            p.send(eventRecord(topic, "900rej-invalid", invalid));
            p.flush();
        }
        long total = ItSupport.endOffsets(kafka, topic);
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (Archiver a = Archiver.start(cfg, EventCatalogue.bundled(), metrics)) {
            await("every record is committed", Duration.ofSeconds(60), () -> committedQuietly(kafka, cfg.groupId(), topic) == total);
        }
        Es http = Es.of(es);
        assertThat(http.count("rej-logs-*")).isEqualTo(19);
        assertThat(http.json("GET", "/rej-logs-*/_search?q=_id:" + badId, null).at("/hits/total/value").asInt()).isZero();

        List<RejectedEvent> dead = readAll(kafka, cfg.topics().rejected().name(), 2);
        RejectedEvent mapping = dead.stream().filter(d -> badId.equals(d.logId())).findFirst().orElseThrow();
        assertThat(mapping.source()).isEqualTo("archive");
        assertThat(mapping.errorType()).isIn("document_parsing_exception", "mapper_parsing_exception");
        assertThat(mapping.reason()).contains("auth0.user_id");
        assertThat(mapping.original()).isEqualTo(bad);
        assertThat(mapping.stream()).isEqualTo("main");
        RejectedEvent env = dead.stream().filter(d -> !badId.equals(d.logId())).findFirst().orElseThrow();
        assertThat(env.errorType()).isEqualTo("invalid-envelope");
        assertThat(env.reason()).contains("data.date");
        // exactly 2 unless the test producer had to resend one of the two bad records (then it is dead-lettered again)
        assertThat(metrics.counter("authstream.archive.documents", "result", "dead_lettered").count()).isBetween(2.0, (double) total - 19);
    }

    @Test
    void alertsAreArchivedOncePerRecordInTheAlertsIndex(EmbeddedKafka kafka, EmbeddedElasticsearch es) throws Exception {
        ArchiveConfig cfg = ItSupport.config(kafka, es.httpUrl(), es, "alr", Map.of());
        ItSupport.createTopics(kafka, cfg.topics());
        String topic = cfg.topics().alerts().name();
        String fired = "{\"id\":\"failed-logins-per-ip:203.0.113.9:1764201600000\",\"rule\":\"failed-logins-per-ip\",\"severity\":\"high\","
                + "\"state\":\"fired\",\"group\":{\"ip\":\"203.0.113.9\"},\"count\":20,\"threshold\":20,"
                + "\"window_start\":\"2026-11-27T00:00:00Z\",\"sample_log_ids\":[\"900a\",\"900b\"],\"summary\":\"20 failed logins from 203.0.113.9\"}";
        String resolved = fired.replace("\"fired\"", "\"resolved\"");
        long ts = Instant.parse("2026-11-27T00:10:00Z").toEpochMilli();
        try (TestProducer p = new TestProducer(kafka)) {
            for (String v : new String[] {fired, fired, resolved}) {
                p.send(new ProducerRecord<>(topic, null, ts, "failed-logins-per-ip:203.0.113.9:1764201600000",
                        v.getBytes(StandardCharsets.UTF_8)));
            }
            p.flush();
        }
        long total = ItSupport.endOffsets(kafka, topic);
        try (Archiver a = Archiver.start(cfg, EventCatalogue.bundled(), new SimpleMeterRegistry())) {
            await("alerts are committed", Duration.ofSeconds(60), () -> committedQuietly(kafka, cfg.groupId(), topic) == total);
        }
        Es http = Es.of(es);
        assertThat(http.count("alr-alerts-2026.11")).isEqualTo(2);
        JsonNode hits = http.json("GET", "/alr-alerts-*/_search?q=alert.state:resolved", null);
        assertThat(hits.at("/hits/total/value").asInt()).isEqualTo(1);
        assertThat(hits.at("/hits/hits/0/_source/@timestamp").asText()).isEqualTo("2026-11-27T00:10:00Z");
    }

    @Test
    void templatesAreInstalledIdempotentlyAndANewerVersionIsNeverDowngraded(EmbeddedElasticsearch es) throws Exception {
        io.authstream.schemas.index.IndexLayout layout = new io.authstream.schemas.index.IndexLayout("tpl-", Map.of());
        var templates = io.authstream.schemas.index.IndexTemplates.forLayout(layout);
        try (io.authstream.archive.es.ElasticsearchGateway gw = new io.authstream.archive.es.ElasticsearchGateway(
                java.net.URI.create(es.httpUrl()), es.username(), es.password().map(io.authstream.schemas.config.Secret::of),
                java.util.Optional.empty(), java.util.Optional.empty(), Duration.ofSeconds(30))) {
            assertThat(gw.installTemplates(templates)).containsExactly("tpl-logs", "tpl-alerts", "tpl-audit");
            assertThat(gw.installTemplates(templates)).as("second start").isEmpty();
            Es http = Es.of(es);
            String newer = templates.get(0).json().replaceFirst("\"version\":\\d+,", "\"version\":99,");
            assertThat(http.send("PUT", "/_index_template/tpl-logs", newer).statusCode()).isEqualTo(200);
            assertThat(gw.installTemplates(templates)).isEmpty();
            assertThat(http.json("GET", "/_index_template/tpl-logs", null).at("/index_templates/0/index_template/version").asInt())
                    .isEqualTo(99);
        }
    }

    static long committedQuietly(EmbeddedKafka kafka, String group, String topic) {
        try {
            return committed(kafka, group, topic);
        } catch (Exception e) {
            return -1;
        }
    }

    static List<RejectedEvent> readAll(EmbeddedKafka kafka, String topic, int expected) throws Exception {
        List<RejectedEvent> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            c.subscribe(List.of(topic));
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < expected && System.nanoTime() < end) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.add(RejectedEvent.fromJson(r.value()));
                }
            }
        }
        assertThat(out).hasSizeGreaterThanOrEqualTo(expected);
        return out;
    }
}
