package io.authstream.archive;

import static io.authstream.archive.ArchiveIT.committedQuietly;
import static io.authstream.archive.ItSupport.await;
import static io.authstream.archive.ItSupport.eventRecord;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.authstream.archive.ItSupport.Es;
import io.authstream.embedded.EmbeddedElasticsearch;
import io.authstream.embedded.EmbeddedKafka;
import io.authstream.embedded.junit.EmbeddedStack;
import io.authstream.schemas.catalogue.EventCatalogue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Runs every forensic query of docs/archive.md, exactly as written there, against a real archive. */
@EmbeddedStack
class ForensicQueriesIT {
    private static final Pattern QUERY = Pattern.compile("<!-- forensic-query: ([a-z0-9-]+) -->\\s*```\\s*\\n(GET|POST) (\\S+)\\n(.*?)\\n```",
            Pattern.DOTALL);

    private record Seed(String logId, String type, String date, String ip, String user) {
    }

    private static final List<Seed> SEEDS = List.of(
            new Seed("90020261103101500000000000000000000000000000000000000001", "f", "2026-11-03T10:15:00Z", "203.0.113.7", "auth0|alice"),
            new Seed("90020261103101600000000000000000000000000000000000000002", "fp", "2026-11-03T10:16:00Z", "203.0.113.7", "auth0|alice"),
            new Seed("90020261103101700000000000000000000000000000000000000003", "f", "2026-11-03T10:17:00Z", "203.0.113.7", "auth0|alice"),
            new Seed("90020261103101800000000000000000000000000000000000000004", "s", "2026-11-03T10:18:00Z", "203.0.113.7", "auth0|alice"),
            new Seed("90020261102080000000000000000000000000000000000000000005", "s", "2026-11-02T08:00:00Z", "198.51.100.20", "auth0|bob"),
            new Seed("90020261105090000000000000000000000000000000000000000006", "sapi", "2026-11-05T09:00:00Z", "198.51.100.20", "auth0|bob"),
            new Seed("90020261102230000000000000000000000000000000000000000007", "fu", "2026-11-02T23:00:00Z", "198.51.100.99", "auth0|mallory"),
            new Seed("90020261110120000000000000000000000000000000000000000008", "f", "2026-11-10T12:00:00Z", "198.51.100.99", "auth0|mallory"));

    private static final Map<String, List<Integer>> EXPECTED = Map.of(
            "by-ip", List.of(1, 2, 3, 4),
            "by-user", List.of(5, 6),
            "failed-logins-in-range", List.of(7, 1, 2, 3),
            "one-log-id", List.of(1));

    @Test
    void everyDocumentedForensicQueryFindsExactlyTheRightEvents(EmbeddedKafka kafka, EmbeddedElasticsearch es) throws Exception {
        // The documented queries use the default prefix auth0-; no other test of this module writes there.
        ArchiveConfig cfg = ItSupport.config(kafka, es.httpUrl(), es, "fq", Map.of("archive.index-prefix", "auth0-"));
        ItSupport.createTopics(kafka, cfg.topics());
        String topic = cfg.topics().events().name();
        try (TestProducer p = new TestProducer(kafka)) {
            for (Seed s : SEEDS) {
                p.send(eventRecord(topic, s.logId(), TestEvents.event(s.logId(), s.type(), Instant.parse(s.date()), s.ip(), s.user(),
                        s.user().substring(6) + "@example.com")));
            }
            p.flush();
        }
        long records = ItSupport.endOffsets(kafka, topic);
        try (Archiver a = Archiver.start(cfg, EventCatalogue.bundled(), new SimpleMeterRegistry())) {
            await("seeds are committed", Duration.ofSeconds(60), () -> committedQuietly(kafka, cfg.groupId(), topic) == records);
        }
        Es http = Es.of(es);
        assertThat(http.count("auth0-logs-*")).isEqualTo(SEEDS.size());

        Map<String, String[]> queries = new LinkedHashMap<>();
        Matcher m = QUERY.matcher(Files.readString(Path.of("..", "docs", "archive.md")));
        while (m.find()) {
            queries.put(m.group(1), new String[] {m.group(2), m.group(3), m.group(4)});
        }
        assertThat(queries.keySet()).containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
        for (Map.Entry<String, String[]> q : queries.entrySet()) {
            String[] req = q.getValue();
            JsonNode res = http.json(req[0], "/" + req[1], req[2]);
            assertThat(res.has("error")).as(q.getKey() + ": " + res).isFalse();
            List<String> expected = new ArrayList<>();
            EXPECTED.get(q.getKey()).forEach(i -> expected.add(SEEDS.get(i - 1).logId()));
            List<String> got = http.ids(res);
            if (q.getValue()[2].contains("\"sort\"")) {
                assertThat(got).as(q.getKey()).containsExactlyElementsOf(expected);
            } else {
                assertThat(got).as(q.getKey()).containsExactlyInAnyOrderElementsOf(expected);
            }
        }
        JsonNode agg = http.json("GET", "/" + queries.get("failed-logins-in-range")[1], queries.get("failed-logins-in-range")[2])
                .at("/aggregations/by_ip/buckets");
        assertThat(agg.get(0).path("key").asText()).isEqualTo("203.0.113.7");
        assertThat(agg.get(0).path("doc_count").asInt()).isEqualTo(3);
    }
}
