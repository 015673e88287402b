package io.authstream.archive;

import static io.authstream.archive.ItSupport.await;
import static io.authstream.archive.ItSupport.eventRecord;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.archive.ItSupport.Es;
import io.authstream.embedded.EmbeddedElasticsearch;
import io.authstream.embedded.EmbeddedKafka;
import io.authstream.embedded.junit.EmbeddedStack;
import io.authstream.schemas.catalogue.EventCatalogue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Fast recovery: an archive killed with SIGKILL and started again (same host, so the same static
 * {@code group.instance.id}) archives new events within 10 s of being back, instead of waiting for
 * the dead member's session to expire (45 s with Kafka's defaults).
 */
@EmbeddedStack
class ArchiveRecoveryIT {

    @Test
    void aRestartedArchiveIndexesANewEventWithinTenSecondsOfBeingBack(EmbeddedKafka kafka, EmbeddedElasticsearch es) throws Exception {
        ArchiveConfig cfg = ItSupport.config(kafka, es.httpUrl(), es, "rec", Map.of());
        ItSupport.createTopics(kafka, cfg.topics());
        String topic = cfg.topics().events().name();
        Es http = Es.of(es);
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), ArchiveChild.class.getName(),
                "kafka.bootstrap.servers=" + kafka.bootstrapServers(), "archive.elasticsearch.url=" + es.httpUrl(),
                "archive.index-prefix=rec-", "topics.prefix=rec-", "archive.group-id=" + cfg.groupId(),
                "archive.bulk.flush-interval=200ms", "archive.ops.port=-1"));
        if (es.securityEnabled()) {
            cmd.add("archive.elasticsearch.username=elastic");
            cmd.add("archive.elasticsearch.password=" + es.password().orElseThrow());
        }
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (TestProducer p = new TestProducer(kafka)) {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "child-output");
            drain.setDaemon(true);
            drain.start();
            for (int i = 0; i < 30; i++) {
                p.send(eventRecord(topic, TestEvents.logId("rec", i), TestEvents.event("rec", i)));
            }
            p.flush();
            await("the first archive has indexed the first events", Duration.ofSeconds(120), () -> http.count("rec-logs-*") == 30);
        } finally {
            child.destroyForcibly(); // SIGKILL: no leave-group, no commit
            child.waitFor(20, TimeUnit.SECONDS);
        }
        try (TestProducer p = new TestProducer(kafka)) {
            for (int i = 30; i < 60; i++) {
                p.send(eventRecord(topic, TestEvents.logId("rec", i), TestEvents.event("rec", i)));
            }
            p.flush();
        }
        long back = System.nanoTime();
        try (Archiver a = Archiver.start(cfg, EventCatalogue.bundled(), new SimpleMeterRegistry())) {
            await("the restarted archive has indexed the new events", Duration.ofSeconds(60), () -> http.count("rec-logs-*") == 60);
            Duration took = Duration.ofNanos(System.nanoTime() - back);
            System.out.printf("ARCHIVE RECOVERY: new events indexed %d ms after the restarted archive started%n", took.toMillis());
            assertThat(took).isLessThan(Duration.ofSeconds(10));
        }
    }
}
