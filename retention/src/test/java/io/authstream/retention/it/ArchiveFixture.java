package io.authstream.retention.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.authstream.embedded.EmbeddedElasticsearch;
import io.authstream.schemas.catalogue.RetentionClass;
import io.authstream.schemas.index.IndexLayout;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A synthetic archive in the real Elasticsearch, written per the archive document contract, with
 * its ground truth kept in memory. This is the ONE place that knows how fixture indices are made:
 * until the archive's index templates exist it installs a minimal explicit mapping of the fields
 * retention queries, as an index template for {@code <prefix>logs-*}; swap that for the real
 * templates here. It talks to Elasticsearch with the JDK's HTTP client, not with the code under test.
 */
public final class ArchiveFixture {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String MAPPING = """
            {"dynamic":false,"properties":{
              "@timestamp":{"type":"date"},
              "event":{"properties":{"id":{"type":"keyword"},"code":{"type":"keyword"},
                "original":{"type":"keyword","index":false,"doc_values":false}}},
              "user":{"properties":{"id":{"type":"keyword"}}},
              "source":{"properties":{"ip":{"type":"ip"}}},
              "authstream":{"properties":{"retention_class":{"type":"keyword"},"tenant":{"type":"keyword"}}}}}
            """;

    /** One fixture event. */
    public record Event(String id, RetentionClass cls, String tenant, String user, String ip, Instant ts) {
        public String index(IndexLayout layout) {
            return layout.eventIndex(cls, ts);
        }
    }

    private final EmbeddedElasticsearch es;
    private final HttpClient http = HttpClient.newHttpClient();
    private final IndexLayout layout;
    private final List<Event> events = new ArrayList<>();

    public ArchiveFixture(EmbeddedElasticsearch es, String prefix) {
        this.es = es;
        this.layout = new IndexLayout(prefix, Map.of());
    }

    public IndexLayout layout() {
        return layout;
    }

    public String prefix() {
        return layout.prefix();
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    /**
     * {@code perDay} events of each class on every one of {@code days} days before {@code now}, for
     * tenants t1/t2, users u0..u19, IPs 10.0.x.y; plus, per class, one event one minute either
     * side of each {@code edges} instant (the cutoffs under test).
     */
    public ArchiveFixture generate(Instant now, int days, Map<RetentionClass, Integer> perDay, long seed,
                                   Map<RetentionClass, List<Instant>> edges) {
        Random rnd = new Random(seed);
        int n = 0;
        for (int d = 0; d < days; d++) {
            Instant dayStart = now.atZone(ZoneOffset.UTC).toLocalDate().minusDays(d).atStartOfDay(ZoneOffset.UTC).toInstant();
            for (Map.Entry<RetentionClass, Integer> e : perDay.entrySet()) {
                for (int i = 0; i < e.getValue(); i++) {
                    Instant ts = dayStart.plusMillis((long) (rnd.nextDouble() * 86_400_000L));
                    if (ts.isAfter(now)) {
                        ts = now.minusSeconds(1 + rnd.nextInt(3600));
                    }
                    events.add(event(n++, e.getKey(), rnd, ts));
                }
            }
        }
        edges.forEach((c, list) -> {
            for (Instant cut : list) {
                events.add(new Event("edge-" + c.id() + "-before-" + cut.toEpochMilli(), c, "t1", "u1", "10.0.0.1", cut.minusSeconds(60)));
                events.add(new Event("edge-" + c.id() + "-after-" + cut.toEpochMilli(), c, "t2", "u2", "10.0.0.2", cut.plusSeconds(60)));
            }
        });
        return this;
    }

    private static Event event(int n, RetentionClass c, Random rnd, Instant ts) {
        return new Event(String.format("%s-%07d", c.id(), n), c, rnd.nextInt(3) == 0 ? "t2" : "t1", "u" + rnd.nextInt(20),
                "10.0." + rnd.nextInt(4) + "." + rnd.nextInt(250), ts);
    }

    /** Installs the mapping and bulk-loads every event as plain NDJSON; refreshes. */
    public ArchiveFixture load() {
        ObjectNode template = JSON.createObjectNode();
        template.putArray("index_patterns").add(layout.eventIndexPattern());
        template.put("priority", 500);
        ObjectNode t = template.putObject("template");
        t.putObject("settings").put("number_of_shards", 1).put("number_of_replicas", 0);
        try {
            t.set("mappings", JSON.readTree(MAPPING));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        call("PUT", "/_index_template/" + prefix() + "fixture", template.toString());
        StringBuilder nd = new StringBuilder();
        int inBatch = 0;
        for (Event e : events) {
            nd.append("{\"index\":{\"_index\":\"").append(e.index(layout)).append("\",\"_id\":\"").append(e.id()).append("\"}}\n");
            nd.append(document(e)).append('\n');
            if (++inBatch == 5000) {
                bulk(nd.toString());
                nd.setLength(0);
                inBatch = 0;
            }
        }
        if (inBatch > 0) {
            bulk(nd.toString());
        }
        refresh();
        return this;
    }

    /** Writes one more event (a late arrival) and refreshes its index. */
    public void add(Event e) {
        call("PUT", "/" + e.index(layout) + "/_doc/" + e.id() + "?refresh=true", document(e));
        events.add(e);
    }

    /** The archive contract's fields that retention relies on, plus the original event. */
    static String document(Event e) {
        ObjectNode d = JSON.createObjectNode();
        d.put("@timestamp", e.ts().toString());
        String original = "{\"log_id\":\"" + e.id() + "\",\"data\":{\"date\":\"" + e.ts() + "\",\"type\":\"s\",\"user_id\":\"" + e.user() + "\"}}";
        d.putObject("event").put("id", e.id()).put("code", "s").put("original", original);
        d.putObject("user").put("id", e.user());
        d.putObject("source").put("ip", e.ip());
        d.putObject("authstream").put("retention_class", e.cls().id()).put("tenant", e.tenant());
        return d.toString();
    }

    private void bulk(String body) {
        JsonNode r = call("POST", "/_bulk", body);
        if (r.path("errors").asBoolean()) {
            throw new IllegalStateException("fixture bulk failed: " + r.toString().substring(0, 500));
        }
    }

    public void refresh() {
        call("POST", "/" + prefix() + "*/_refresh", null);
    }

    // ---- ground truth -----------------------------------------------------------------------

    public List<Event> where(Predicate<Event> p) {
        return events.stream().filter(p).toList();
    }

    public long count(Predicate<Event> p) {
        return events.stream().filter(p).count();
    }

    /** Forget events the test deleted on purpose (so ground truth follows the intended state). */
    public void forget(Predicate<Event> p) {
        events.removeIf(p);
    }

    // ---- reading the real archive -----------------------------------------------------------

    /** Documents matching {@code query} (JSON) in {@code indices}. */
    public long countIn(String indices, String query) {
        refresh();
        return call("POST", "/" + indices + "/_count?ignore_unavailable=true&allow_no_indices=true",
                query == null ? null : "{\"query\":" + query + "}").path("count").asLong();
    }

    /** {@code @timestamp < before} among events of class {@code c}, anywhere under the prefix's event indices. */
    public long countOlderThan(RetentionClass c, Instant before) {
        return countIn(layout.eventIndexPattern(), "{\"bool\":{\"filter\":[{\"term\":{\"authstream.retention_class\":\"" + c.id()
                + "\"}},{\"range\":{\"@timestamp\":{\"lt\":" + before.toEpochMilli() + ",\"format\":\"epoch_millis\"}}}]}}");
    }

    /** Index name → document count, for every index whose name starts with the prefix. */
    public Map<String, Long> indexCounts() {
        return indexCounts(prefix() + "*");
    }

    /** Event and hold indices only (retention's own bookkeeping indices left out). */
    public Map<String, Long> archiveCounts() {
        return indexCounts(layout.eventIndexPattern() + "," + layout.holdIndexPattern());
    }

    public Map<String, Long> indexCounts(String pattern) {
        refresh();
        JsonNode r = call("GET", "/_cat/indices/" + pattern + "?format=json&h=index,docs.count&expand_wildcards=all", null);
        Map<String, Long> m = new TreeMap<>();
        r.forEach(i -> m.put(i.path("index").asText(), i.path("docs.count").asLong()));
        return m;
    }

    /** Every document id, per index, in indices matching {@code pattern}. */
    public Map<String, List<String>> idsByIndex(String pattern) {
        refresh();
        Map<String, List<String>> out = new TreeMap<>();
        JsonNode r = call("POST", "/" + pattern + "/_search?ignore_unavailable=true&allow_no_indices=true",
                "{\"size\":10000,\"track_total_hits\":true,\"_source\":false,\"sort\":[\"_doc\"],\"query\":{\"match_all\":{}}}");
        if (r.path("hits").path("total").path("value").asLong() > 10_000) {
            throw new IllegalStateException("idsByIndex reads at most 10,000 documents; keep this fixture smaller");
        }
        r.path("hits").path("hits").forEach(h -> out.computeIfAbsent(h.path("_index").asText(), k -> new ArrayList<>()).add(h.path("_id").asText()));
        out.values().forEach(l -> l.sort(null));
        return out;
    }

    /** The _source of every document in {@code indices} matching {@code query}. */
    public List<JsonNode> sources(String indices, String query) {
        refresh();
        JsonNode r = call("POST", "/" + indices + "/_search?ignore_unavailable=true&allow_no_indices=true",
                "{\"size\":10000,\"query\":" + query + "}");
        List<JsonNode> out = new ArrayList<>();
        r.path("hits").path("hits").forEach(h -> out.add(h.path("_source")));
        return out;
    }

    public static String terms(String field, Collection<String> values) {
        try {
            return "{\"terms\":{\"" + field + "\":" + JSON.writeValueAsString(values) + "}}";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public JsonNode call(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(es.httpUrl() + path)).timeout(Duration.ofMinutes(2))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", path.startsWith("/_bulk") ? "application/x-ndjson" : "application/json");
        es.password().ifPresent(pw -> b.header("Authorization", EmbeddedElasticsearch.basicAuth("elastic", pw)));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + ": " + r.body());
            }
            return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
