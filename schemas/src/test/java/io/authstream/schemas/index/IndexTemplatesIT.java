package io.authstream.schemas.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.authstream.embedded.EmbeddedElasticsearch;
import io.authstream.embedded.junit.EmbeddedStack;
import io.authstream.schemas.catalogue.Category;
import io.authstream.schemas.catalogue.EventCatalogue;
import io.authstream.schemas.catalogue.EventCode;
import io.authstream.schemas.index.IndexTemplates.IndexTemplate;
import io.authstream.schemas.index.IndexTemplates.Kind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The templates on a real Elasticsearch: they install, and a sample of every kind indexes with the intended types. */
@EmbeddedStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IndexTemplatesIT {
    private static final ObjectMapper M = new ObjectMapper();
    private final IndexLayout layout = new IndexLayout("tmplit-", Map.of());
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private EmbeddedElasticsearch es;

    @BeforeAll
    void installTemplates(EmbeddedElasticsearch es) throws Exception {
        this.es = es;
        for (IndexTemplate t : IndexTemplates.forLayout(layout)) {
            HttpResponse<String> r = send("PUT", "/_index_template/" + t.name(), t.json());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
    }

    @Test
    void installedTemplatesCarryTheirVersion() throws Exception {
        for (IndexTemplate t : IndexTemplates.forLayout(layout)) {
            JsonNode got = M.readTree(send("GET", "/_index_template/" + t.name(), null).body());
            JsonNode tpl = got.path("index_templates").get(0).path("index_template");
            assertThat(tpl.path("version").asInt()).isEqualTo(t.version());
            assertThat(tpl.path("_meta").path("managed_by").asText()).isEqualTo("authstream");
        }
    }

    @Test
    void anEventOfEveryCategoryIndexesWithTheIntendedFieldTypes() throws Exception {
        EventCatalogue catalogue = EventCatalogue.bundled();
        Set<String> indices = new TreeSet<>();
        StringBuilder bulk = new StringBuilder();
        int n = 0;
        for (Category c : Category.values()) {
            EventCode code = c == Category.UNKNOWN ? catalogue.lookup("zz_new_code")
                    : catalogue.all().stream().filter(x -> x.category() == c).findFirst().orElseThrow();
            Instant at = Instant.parse("2026-11-27T10:15:30.123Z").minus(Duration.ofDays(n * 9L));
            String index = layout.eventIndex(code.retentionClass(), at);
            indices.add(index);
            String id = "tmpl-" + c.id();
            bulk.append("{\"create\":{\"_index\":\"").append(index).append("\",\"_id\":\"").append(id).append("\"}}\n")
                    .append(M.writeValueAsString(sampleEvent(id, code, at))).append('\n');
            n++;
        }
        JsonNode res = M.readTree(send("POST", "/_bulk?refresh=true", bulk.toString()).body());
        assertThat(res.path("errors").asBoolean()).as(res.toString()).isFalse();

        for (String index : indices) {
            JsonNode props = M.readTree(send("GET", "/" + index + "/_mapping", null).body())
                    .path(index).path("mappings").path("properties");
            assertThat(type(props, "@timestamp")).isEqualTo("date");
            assertThat(type(props, "event.id")).isEqualTo("keyword");
            assertThat(type(props, "event.code")).isEqualTo("keyword");
            assertThat(type(props, "source.ip")).isEqualTo("ip");
            assertThat(type(props, "user.id")).isEqualTo("keyword");
            assertThat(type(props, "auth0.details")).isEqualTo("flattened");
            assertThat(type(props, "auth0.description")).isEqualTo("text");
            assertThat(field(props, "auth0.description").at("/fields/keyword/type").asText()).isEqualTo("keyword");
            assertThat(field(props, "event.original").path("index").asBoolean(true)).isFalse();
            assertThat(field(props, "auth0.unmapped_extra").isMissingNode()).as("no dynamic mapping").isTrue();
        }
        String all = layout.eventIndexPattern();
        // ip semantics: a CIDR query finds the event; flattened details are searchable by key.
        assertThat(count(all, "{\"query\":{\"term\":{\"source.ip\":\"203.0.113.0/24\"}}}")).isEqualTo(Category.values().length);
        assertThat(count(all, "{\"query\":{\"term\":{\"auth0.details.error.message\":\"Wrong email or password.\"}}}"))
                .isEqualTo(Category.values().length);
        assertThat(count(all, "{\"query\":{\"match\":{\"auth0.description\":\"category\"}}}")).isEqualTo(Category.values().length);
        // event.original is kept but not searchable
        JsonNode hit = M.readTree(send("GET", "/" + all + "/_search?q=event.id:tmpl-rate-limit", null).body());
        assertThat(hit.at("/hits/hits/0/_source/event/original").asText()).contains("\"log_id\"");
    }

    @Test
    void alertAndAuditSamplesIndexWithTheIntendedTypes() throws Exception {
        Instant at = Instant.parse("2026-11-27T10:15:30Z");
        String alertIndex = layout.alertIndex(at);
        String alert = "{\"@timestamp\":\"" + at + "\",\"alert\":{\"id\":\"a1\",\"rule\":\"failed-logins-per-ip\",\"severity\":\"high\","
                + "\"state\":\"fired\",\"group\":{\"ip\":\"203.0.113.9\"},\"count\":25,\"threshold\":20,"
                + "\"window_start\":\"2026-11-27T10:00:00Z\",\"sample_log_ids\":[\"l1\",\"l2\"],\"summary\":\"25 failed logins\"}}";
        assertThat(send("PUT", "/" + alertIndex + "/_create/a1?refresh=true", alert).statusCode()).isEqualTo(201);
        JsonNode ap = M.readTree(send("GET", "/" + alertIndex + "/_mapping", null).body()).path(alertIndex).path("mappings").path("properties");
        assertThat(type(ap, "alert.id")).isEqualTo("keyword");
        assertThat(type(ap, "alert.group")).isEqualTo("flattened");
        assertThat(type(ap, "alert.count")).isEqualTo("long");
        assertThat(type(ap, "alert.window_start")).isEqualTo("date");

        String auditIndex = layout.auditIndex(at);
        String audit = "{\"@timestamp\":\"" + at + "\",\"event\":{\"action\":\"delete-index\",\"outcome\":\"success\"},"
                + "\"user\":{\"name\":\"ops\"},\"audit\":{\"index\":\"auth0-logs-noise-2026w01\",\"documents\":1200,\"dry_run\":false}}";
        assertThat(send("POST", "/" + auditIndex + "/_doc?refresh=true", audit).statusCode()).isEqualTo(201);
        JsonNode up = M.readTree(send("GET", "/" + auditIndex + "/_mapping", null).body()).path(auditIndex).path("mappings").path("properties");
        assertThat(type(up, "audit.documents")).isEqualTo("long");
        assertThat(type(up, "audit.dry_run")).isEqualTo("boolean");
        // strict: the audit trail refuses fields nobody declared, so it cannot drift silently
        HttpResponse<String> bad = send("POST", "/" + auditIndex + "/_doc", "{\"@timestamp\":\"" + at + "\",\"surprise\":1}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(M.readTree(bad.body()).at("/error/type").asText()).isEqualTo("strict_dynamic_mapping_exception");
    }

    private ObjectNode sampleEvent(String id, EventCode code, Instant at) {
        ObjectNode d = M.createObjectNode();
        d.put("@timestamp", at.toString());
        ObjectNode ev = d.putObject("event");
        ev.put("id", id).put("code", code.code()).put("action", code.name()).put("outcome", code.outcome().id())
                .put("ingested", at.plusSeconds(2).toString());
        code.ecsCategory().forEach(ev.putArray("category")::add);
        code.ecsType().forEach(ev.putArray("type")::add);
        ObjectNode auth0 = M.createObjectNode();
        auth0.put("log_id", id).put("type", code.code()).put("date", at.toString())
                .put("description", "sample of category " + code.category().id()).put("ip", "203.0.113.7")
                .put("user_id", "auth0|u1").put("unmapped_extra", "kept in _source only");
        auth0.putObject("details").putObject("error").put("message", "Wrong email or password.");
        ev.put("original", "{\"log_id\":\"" + id + "\",\"data\":{}}");
        d.putObject("source").put("ip", "203.0.113.7");
        d.putObject("user").put("id", "auth0|u1").put("name", "a@example.com");
        d.set("auth0", auth0);
        ObjectNode as = d.putObject("authstream");
        as.put("category", code.category().id()).put("retention_class", code.retentionClass().id())
                .put("catalogue_known", code.known()).put("stream", "s1").put("tenant", "t1");
        code.signals().forEach(as.putArray("signals")::add);
        return d;
    }

    private long count(String index, String query) throws Exception {
        return M.readTree(send("POST", "/" + index + "/_count", query).body()).path("count").asLong(-1);
    }

    private static JsonNode field(JsonNode props, String dotted) {
        String[] parts = dotted.split("\\.");
        JsonNode n = props;
        for (int i = 0; i < parts.length; i++) {
            n = n.path(parts[i]);
            if (i < parts.length - 1) {
                n = n.path("properties");
            }
        }
        return n;
    }

    private static String type(JsonNode props, String dotted) {
        return field(props, dotted).path("type").asText("object");
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(es.httpUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", path.contains("_bulk") ? "application/x-ndjson" : "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (es.securityEnabled()) {
            b.header("Authorization", EmbeddedElasticsearch.basicAuth("elastic", es.password().orElseThrow()));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

}
