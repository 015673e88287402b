package io.authstream.archive;

import static io.authstream.archive.ArchiveIT.committedQuietly;
import static io.authstream.archive.ItSupport.await;
import static io.authstream.archive.ItSupport.eventRecord;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.archive.ItSupport.Es;
import io.authstream.embedded.EmbeddedElasticsearch;
import io.authstream.embedded.EmbeddedKafka;
import io.authstream.embedded.Ports;
import io.authstream.embedded.junit.EmbeddedStack;
import io.authstream.schemas.catalogue.EventCatalogue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Elasticsearch goes away mid-stream and comes back. Uses its own Elasticsearch (fixed instance
 * directory and port, so it can be stopped and started again with its data); the shared one stays up.
 */
@EmbeddedStack
class ArchiveOutageIT {

    @Test
    void anOutageCommitsNothingPastWhatWasIndexedAndEverythingArrivesOnceWhenElasticsearchIsBack(EmbeddedKafka kafka)
            throws Exception {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "authstream-archive-outage-it");
        deleteTree(dir);
        int port = Ports.freePort();
        EmbeddedElasticsearch es = EmbeddedElasticsearch.builder().instanceDir(dir).httpPort(port).heap("384m").start();
        ArchiveConfig cfg = ItSupport.config(kafka, es.httpUrl(), null, "out", Map.of("archive.bulk.max-actions", "200"));
        ItSupport.createTopics(kafka, cfg.topics());
        String topic = cfg.topics().events().name();
        Es http = new Es(es.httpUrl(), null, null);
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        int first = 1000;
        int second = 1500;
        try (TestProducer p = new TestProducer(kafka);
             Archiver a = Archiver.start(cfg, EventCatalogue.bundled(), metrics)) {
            for (int i = 0; i < first; i++) {
                p.send(eventRecord(topic, TestEvents.logId("out", i), TestEvents.event("out", i)));
            }
            p.flush();
            long firstRecords = ItSupport.endOffsets(kafka, topic);
            await("the first part is indexed and committed", Duration.ofSeconds(60),
                    () -> committedQuietly(kafka, cfg.groupId(), topic) == firstRecords);
            assertThat(http.count("out-logs-*")).isEqualTo(first);

            es.close(); // Elasticsearch is gone
            for (int i = first; i < first + second; i++) {
                p.send(eventRecord(topic, TestEvents.logId("out", i), TestEvents.event("out", i)));
            }
            p.flush();
            long allRecords = ItSupport.endOffsets(kafka, topic);
            await("the archive has retried several times", Duration.ofSeconds(60),
                    () -> metrics.counter("authstream.archive.bulk.retries").count() >= 4);
            await("readiness reports Elasticsearch down", Duration.ofSeconds(20), () -> !a.health().ready());
            assertThat(a.health().live()).as("no crash").isTrue();
            assertThat(a.health().backingOff()).isTrue();
            assertThat(committedQuietly(kafka, cfg.groupId(), topic)).as("nothing committed past what was indexed").isEqualTo(firstRecords);

            es = EmbeddedElasticsearch.builder().instanceDir(dir).httpPort(port).heap("384m").start(); // back, same data
            await("everything is committed after the outage", Duration.ofSeconds(120),
                    () -> committedQuietly(kafka, cfg.groupId(), topic) == allRecords);
            assertThat(a.health().live()).isTrue();
            await("ready again", Duration.ofSeconds(20), () -> a.health().ready());
            assertThat(http.count("out-logs-*")).as("everything present, nothing doubled").isEqualTo(first + second);
        } finally {
            es.close();
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (!java.nio.file.Files.exists(dir)) {
            return;
        }
        try (var paths = java.nio.file.Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        }
    }
}
