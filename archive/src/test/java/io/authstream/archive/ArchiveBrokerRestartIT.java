package io.authstream.archive;

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
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker restarts under a running archive (same data directory and port): new events are
 * indexed within 10 s of the broker being back, and nothing is indexed twice. A broker of its own
 * (it is stopped); the shared Elasticsearch.
 */
@EmbeddedStack
class ArchiveBrokerRestartIT {

    @Test
    void archivingResumesWithinTenSecondsOfTheBrokerBeingBack(EmbeddedElasticsearch es, @TempDir Path dir) throws Exception {
        int port = Ports.freePort();
        Path data = dir.resolve("kafka");
        EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(data).port(port).start();
        try {
            ArchiveConfig cfg = ItSupport.config(kafka, es.httpUrl(), es, "brr", Map.of());
            ItSupport.createTopics(kafka, cfg.topics());
            String topic = cfg.topics().events().name();
            Es http = Es.of(es);
            try (Archiver a = Archiver.start(cfg, EventCatalogue.bundled(), new SimpleMeterRegistry())) {
                try (TestProducer p = new TestProducer(kafka)) {
                    for (int i = 0; i < 20; i++) {
                        p.send(eventRecord(topic, TestEvents.logId("brr", i), TestEvents.event("brr", i)));
                    }
                    p.flush();
                }
                await("the events before the restart are indexed", Duration.ofSeconds(60), () -> http.count("brr-logs-*") == 20);

                kafka.close();
                kafka = EmbeddedKafka.builder().dataDir(data).port(port).start();
                long back = System.nanoTime();
                try (TestProducer p = new TestProducer(kafka)) {
                    for (int i = 20; i < 40; i++) {
                        p.send(eventRecord(topic, TestEvents.logId("brr", i), TestEvents.event("brr", i)));
                    }
                    p.flush();
                }
                await("the events after the restart are indexed", Duration.ofSeconds(120), () -> http.count("brr-logs-*") >= 40);
                Duration resumed = Duration.ofNanos(System.nanoTime() - back);
                System.out.printf("ArchiveBrokerRestartIT: new events indexed %d ms after the broker was back%n", resumed.toMillis());
                assertThat(resumed).as("archiving resumes after a broker restart").isLessThan(Duration.ofSeconds(10));
                assertThat(http.count("brr-logs-*")).as("nothing indexed twice").isEqualTo(40L);
            }
        } finally {
            kafka.close();
        }
    }
}
