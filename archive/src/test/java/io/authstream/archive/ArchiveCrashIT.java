package io.authstream.archive;

import static io.authstream.archive.ArchiveIT.committedQuietly;
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
 * The archive process is killed with SIGKILL mid-stream, then a new one takes over the group.
 * A real child JVM is killed (not a consumer closed politely): no shutdown hook, no final commit,
 * bulks possibly half-sent. That is what a crashed or OOM-killed container does.
 */
@EmbeddedStack
class ArchiveCrashIT {

    @Test
    void anArchiveKilledMidBatchAndRestartedLosesNothingAndDoublesNothing(EmbeddedKafka kafka, EmbeddedElasticsearch es)
            throws Exception {
        ArchiveConfig cfg = ItSupport.config(kafka, es.httpUrl(), es, "kil", Map.of("archive.bulk.max-actions", "100",
                "kafka.session.timeout.ms", "8000"));
        ItSupport.createTopics(kafka, cfg.topics());
        String topic = cfg.topics().events().name();
        int n = 6000;
        try (TestProducer p = new TestProducer(kafka)) {
            for (int i = 0; i < n; i++) {
                p.send(eventRecord(topic, TestEvents.logId("kil", i), TestEvents.event("kil", i)));
            }
            p.flush();
        }
        long records = ItSupport.endOffsets(kafka, topic);
        Es http = Es.of(es);
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), ArchiveChild.class.getName(),
                "kafka.bootstrap.servers=" + kafka.bootstrapServers(), "archive.elasticsearch.url=" + es.httpUrl(),
                "archive.index-prefix=kil-", "topics.prefix=kil-", "archive.group-id=" + cfg.groupId(),
                "archive.bulk.max-actions=100", "archive.bulk.flush-interval=200ms", "archive.ops.port=-1",
                "kafka.session.timeout.ms=8000"));
        if (es.securityEnabled()) {
            cmd.add("archive.elasticsearch.username=elastic");
            cmd.add("archive.elasticsearch.password=" + es.password().orElseThrow());
        }
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "child-output");
            drain.setDaemon(true);
            drain.start();
            await("the child has indexed part of the stream", Duration.ofSeconds(180), () -> http.count("kil-logs-*") >= 1500);
        } finally {
            child.destroyForcibly(); // SIGKILL
            child.waitFor(20, TimeUnit.SECONDS);
        }
        // A commit the child sent just before SIGKILL can still land a moment later (the restarted
        // archive, a static member, takes over at once and would see it): wait until it has settled.
        long[] settled = {committedQuietly(kafka, cfg.groupId(), topic)};
        await("the killed child's last commit has landed", Duration.ofSeconds(30), () -> {
            try {
                TimeUnit.SECONDS.sleep(2); // the interval over which the committed offsets must not move
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long now = committedQuietly(kafka, cfg.groupId(), topic);
            boolean same = now == settled[0];
            settled[0] = now;
            return same;
        });
        long committedAtKill = settled[0];
        long indexedAtKill = http.count("kil-logs-*");
        System.out.printf("killed: %d of %d committed, %d indexed%n", committedAtKill, n, indexedAtKill);
        assertThat(committedAtKill).as("killed mid-stream").isLessThan(records);
        assertThat(committedAtKill).as("never committed past what was indexed").isLessThanOrEqualTo(indexedAtKill);

        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (Archiver a = Archiver.start(cfg, EventCatalogue.bundled(), metrics)) {
            await("the new archive commits everything", Duration.ofSeconds(120),
                    () -> committedQuietly(kafka, cfg.groupId(), topic) == records);
        }
        assertThat(http.count("kil-logs-*")).as("nothing lost, nothing doubled").isEqualTo(n);
        double indexed = metrics.counter("authstream.archive.documents", "result", "indexed").count();
        double dup = metrics.counter("authstream.archive.documents", "result", "duplicate").count();
        assertThat(indexed + dup).as("the restart re-read exactly the uncommitted records").isEqualTo(records - committedAtKill);
        assertThat(indexed).isEqualTo(n - indexedAtKill);
    }
}
