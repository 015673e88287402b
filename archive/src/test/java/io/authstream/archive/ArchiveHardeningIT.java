package io.authstream.archive;

import static io.authstream.archive.ArchiveIT.committedQuietly;
import static io.authstream.archive.ArchiveIT.readAll;
import static io.authstream.archive.ItSupport.await;
import static io.authstream.archive.ItSupport.eventRecord;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The review's archive findings (H2, M5, M6, L7) against the real embedded Kafka and Elasticsearch. */
@EmbeddedStack
class ArchiveHardeningIT {

    @Test
    void aHostileMebibyteOriginalIsDeadLetteredWithinTheBrokersLimitsAndTheStreamMovesOn(EmbeddedKafka kafka,
                                                                                        EmbeddedElasticsearch es) throws Exception {
        ArchiveConfig cfg = ItSupport.config(kafka, es.httpUrl(), es, "big", Map.of());
        ItSupport.createTopics(kafka, cfg.topics());
        String topic = cfg.topics().events().name();
        byte[] nuls = new byte[(1 << 20) - 4096]; // escaped as \u0000: six bytes of JSON per byte
        nuls[0] = '{';
        byte[] utf16 = ("{\"log_id\":\"900big-utf16\",\"data\":{\"type\":\"f\",\"date\":\"2026-11-20T00:00:00Z\",\"description\":\""
                + "\\\"\u0000".repeat(170_000) + "\"}}").getBytes(StandardCharsets.UTF_16LE);
        try (KafkaProducer<String, byte[]> big = bigProducer(kafka); TestProducer p = new TestProducer(kafka)) {
            big.send(eventRecord(topic, "900big-nuls", nuls)).get(30, TimeUnit.SECONDS);
            big.send(eventRecord(topic, "900big-utf16", utf16)).get(30, TimeUnit.SECONDS);
            p.send(eventRecord(topic, TestEvents.logId("big", 1), TestEvents.event("big", 1)));
            p.flush();
        }
        long total = ItSupport.endOffsets(kafka, topic);
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (Archiver a = Archiver.start(cfg, EventCatalogue.bundled(), metrics)) {
            await("every record is committed", Duration.ofSeconds(60), () -> committedQuietly(kafka, cfg.groupId(), topic) == total);
        }
        assertThat(Es.of(es).count("big-logs-*")).as("the event after the hostile ones").isEqualTo(1);
        List<ConsumerRecord<String, byte[]>> dead = rawRecords(kafka, cfg.topics().rejected().name(), 2);
        for (ConsumerRecord<String, byte[]> r : dead) {
            int size = r.key().getBytes(StandardCharsets.UTF_8).length + r.value().length
                    + Arrays.stream(r.headers().toArray()).mapToInt(h -> h.key().length() + h.value().length).sum();
            assertThat(size).as("record as sent").isLessThanOrEqualTo(RejectedEvent.MAX_RECORD_BYTES);
            RejectedEvent e = RejectedEvent.fromJson(r.value());
            byte[] source = "900big-nuls".equals(e.logId()) ? nuls : utf16;
            assertThat(e.truncated()).isTrue();
            assertThat(e.original()).isEqualTo(Arrays.copyOf(source, e.original().length));
            assertThat(e.original().length).as("as much as fits").isGreaterThan(100_000);
        }
        assertThat(dead).extracting(r -> RejectedEvent.fromJson(r.value()).logId()).contains("900big-nuls");
        assertThat(metrics.counter("authstream.archive.dead_letters.dropped").count()).isZero();
    }

    @Test
    void aWriteBlockedIndexDeadLettersItsDocumentsAfterTheBudgetWhileOthersAreIndexedAndReadinessSaysSo(
            EmbeddedKafka kafka, EmbeddedElasticsearch es) throws Exception {
        ArchiveConfig cfg = ItSupport.config(kafka, es.httpUrl(), es, "blk", Map.of("archive.retry.item-budget", "4s",
                "archive.retry.not-ready-after", "1s"));
        ItSupport.createTopics(kafka, cfg.topics());
        String topic = cfg.topics().events().name();
        Instant blockedDay = Instant.parse("2026-11-20T10:00:00Z");
        Instant openDay = Instant.parse("2026-09-15T10:00:00Z");
        Es http = Es.of(es);
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        Set<String> blocked = new HashSet<>();
        try (Archiver a = Archiver.start(cfg, EventCatalogue.bundled(), metrics); TestProducer p = new TestProducer(kafka)) {
            p.send(eventRecord(topic, "900blk-probe", TestEvents.event("900blk-probe", "f", blockedDay, "198.51.100.1", "auth0|u", "u")));
            p.flush();
            await("the probe is indexed", Duration.ofSeconds(60), () -> http.count("blk-logs-*") == 1);
            String index = http.json("GET", "/blk-logs-*/_search?q=_id:900blk-probe", null).at("/hits/hits/0/_index").asText();
            // what a retention run that died between its write block and its delete leaves behind
            assertThat(http.send("PUT", "/" + index + "/_settings", "{\"index.blocks.write\":true}").statusCode()).isEqualTo(200);
            for (int i = 0; i < 20; i++) {
                boolean toBlocked = i % 2 == 0;
                String id = "900blk-" + i;
                if (toBlocked) {
                    blocked.add(id);
                }
                p.send(eventRecord(topic, id, TestEvents.event(id, "f", (toBlocked ? blockedDay : openDay).plusSeconds(i),
                        "198.51.100.2", "auth0|u" + i, "u" + i)));
            }
            p.flush();
            long total = ItSupport.endOffsets(kafka, topic);
            AtomicBoolean sawStalled = new AtomicBoolean();
            try {
                await("every record is committed", Duration.ofSeconds(90), () -> {
                    if (a.health().stalled() && !a.health().ready()) {
                        sawStalled.set(true);
                    }
                    return committedQuietly(kafka, cfg.groupId(), topic) == total;
                });
                assertThat(sawStalled).as("readiness false while a document kept failing").isTrue();
                await("ready again once the blocked documents are dead-lettered", Duration.ofSeconds(20), () -> a.health().ready());
            } finally {
                http.send("PUT", "/" + index + "/_settings", "{\"index.blocks.write\":false}");
            }
        }
        assertThat(http.count("blk-logs-*")).as("the probe and the documents of the open index").isEqualTo(11);
        List<RejectedEvent> dead = readAll(kafka, cfg.topics().rejected().name(), blocked.size());
        Set<String> deadIds = new HashSet<>();
        for (RejectedEvent d : dead) {
            assertThat(d.errorType()).isEqualTo("cluster_block_exception");
            assertThat(d.reason()).contains("retry budget").contains("index write");
            assertThat(d.truncated()).isFalse();
            deadIds.add(d.logId());
        }
        assertThat(deadIds).as("nothing lost: each blocked document is in the dead-letter topic").isEqualTo(blocked);
        assertThat(metrics.find("authstream.archive.item.retries").tag("error_type", "cluster_block_exception").counter().count())
                .isPositive();
    }

    @Test
    void aRedeliveryWithChangedContentKeepsTheFirstVersionAndIsCountedButAnIdenticalOneIsNot(EmbeddedKafka kafka,
                                                                                            EmbeddedElasticsearch es) throws Exception {
        ArchiveConfig cfg = ItSupport.config(kafka, es.httpUrl(), es, "chg", Map.of());
        ItSupport.createTopics(kafka, cfg.topics());
        String topic = cfg.topics().events().name();
        Instant day = Instant.parse("2026-11-20T10:00:00Z");
        Es http = Es.of(es);
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (Archiver a = Archiver.start(cfg, EventCatalogue.bundled(), metrics); TestProducer p = new TestProducer(kafka)) {
            p.send(eventRecord(topic, "900chg-1", TestEvents.event("900chg-1", "f", day, "198.51.100.1", "auth0|u", "u")));
            p.send(eventRecord(topic, "900chg-2", TestEvents.event("900chg-2", "f", day, "198.51.100.1", "auth0|u", "u")));
            p.flush();
            await("both are indexed", Duration.ofSeconds(60), () -> http.count("chg-logs-*") == 2);
            p.send(eventRecord(topic, "900chg-1", TestEvents.event("900chg-1", "f", day, "203.0.113.66", "auth0|u", "u")));
            p.send(eventRecord(topic, "900chg-2", TestEvents.event("900chg-2", "f", day, "198.51.100.1", "auth0|u", "u")));
            p.flush();
            await("both redeliveries are seen", Duration.ofSeconds(60),
                    () -> metrics.counter("authstream.archive.documents", "result", "duplicate").count() == 2);
        }
        assertThat(metrics.counter("authstream.archive.redeliveries.changed").count()).as("only the changed one").isEqualTo(1);
        assertThat(metrics.counter("authstream.archive.redeliveries.unchecked").count()).isZero();
        assertThat(http.count("chg-logs-*")).isEqualTo(2);
        assertThat(http.json("GET", "/chg-logs-*/_search?q=_id:900chg-1", null).at("/hits/hits/0/_source/event/original").asText())
                .as("the first version is kept").contains("198.51.100.1").doesNotContain("203.0.113.66");
    }

    @Test
    void anAlertFromAnAbortedTransactionNeverReachesTheAlertsIndex(EmbeddedKafka kafka, EmbeddedElasticsearch es) throws Exception {
        ArchiveConfig cfg = ItSupport.config(kafka, es.httpUrl(), es, "gho", Map.of());
        ItSupport.createTopics(kafka, cfg.topics());
        String topic = cfg.topics().alerts().name();
        String key = "failed-logins-per-ip:203.0.113.9:1764201600000";
        String alert = "{\"id\":\"" + key + "\",\"rule\":\"failed-logins-per-ip\",\"severity\":\"high\","
                + "\"state\":\"fired\",\"group\":{\"ip\":\"203.0.113.9\"},\"count\":20,\"threshold\":20,"
                + "\"window_start\":\"2026-11-27T00:00:00Z\",\"sample_log_ids\":[\"900a\"],\"summary\":\"SUMMARY\"}";
        long ts = Instant.parse("2026-11-27T00:10:00Z").toEpochMilli();
        try (KafkaProducer<String, byte[]> tx = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "gho-analyzer", ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            tx.initTransactions();
            tx.beginTransaction();
            tx.send(new ProducerRecord<>(topic, null, ts, key, alert.replace("SUMMARY", "ghost").getBytes(StandardCharsets.UTF_8)));
            tx.flush();
            tx.abortTransaction(); // what a crash, rebalance or fencing of the analyzer does to its open transaction
            tx.beginTransaction();
            tx.send(new ProducerRecord<>(topic, null, ts, key, alert.replace("SUMMARY", "real").getBytes(StandardCharsets.UTF_8)));
            tx.commitTransaction();
        }
        Es http = Es.of(es);
        try (Archiver a = Archiver.start(cfg, EventCatalogue.bundled(), new SimpleMeterRegistry())) {
            // same key, same partition: the aborted record comes first, so once the committed one is
            // indexed the aborted one has been read past
            await("the committed alert is indexed", Duration.ofSeconds(60), () -> http.count("gho-alerts-*") >= 1);
        }
        assertThat(http.count("gho-alerts-*")).isEqualTo(1);
        assertThat(http.json("GET", "/gho-alerts-*/_search", null).at("/hits/hits/0/_source/alert/summary").asText()).isEqualTo("real");
    }

    @Test
    void anEventAsDeepAsIngestAllowsIsArchivedNotDeadLettered(EmbeddedKafka kafka, EmbeddedElasticsearch es) throws Exception {
        ArchiveConfig cfg = ItSupport.config(kafka, es.httpUrl(), es, "dee", Map.of());
        ItSupport.createTopics(kafka, cfg.topics());
        String topic = cfg.topics().events().name();
        // ingest accepts 32 levels (EnvelopeLimits): root, data, details and 29 objects inside it
        String deep = "{\"k\":".repeat(29) + "\"leaf\"" + "}".repeat(29);
        String event = new String(TestEvents.event("dee", 1), StandardCharsets.UTF_8)
                .replace("\"details\":{", "\"details\":{\"deep\":" + deep + ",");
        try (TestProducer p = new TestProducer(kafka)) {
            p.send(eventRecord(topic, TestEvents.logId("dee", 1), event.getBytes(StandardCharsets.UTF_8)));
            p.flush();
        }
        long total = ItSupport.endOffsets(kafka, topic);
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (Archiver a = Archiver.start(cfg, EventCatalogue.bundled(), metrics)) {
            await("the record is committed", Duration.ofSeconds(60), () -> committedQuietly(kafka, cfg.groupId(), topic) == total);
        }
        assertThat(metrics.counter("authstream.archive.documents", "result", "dead_lettered").count()).isZero();
        assertThat(Es.of(es).count("dee-logs-*")).isEqualTo(1);
    }

    private static KafkaProducer<String, byte[]> bigProducer(EmbeddedKafka kafka) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 3 * 1024 * 1024, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    private static List<ConsumerRecord<String, byte[]>> rawRecords(EmbeddedKafka kafka, String topic, int expected) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            c.subscribe(List.of(topic));
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < expected && System.nanoTime() < end) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        assertThat(out).hasSizeGreaterThanOrEqualTo(expected);
        return out;
    }
}
