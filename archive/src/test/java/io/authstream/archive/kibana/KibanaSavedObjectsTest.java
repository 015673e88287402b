package io.authstream.archive.kibana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.authstream.schemas.config.Secret;
import io.authstream.schemas.index.IndexLayout;
import io.authstream.schemas.index.IndexTemplates;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every field a saved object references exists in the index template with a type that works for
 * how it is used (Elastic's own Auth0 dashboard broke when fields it charted were remapped).
 */
class KibanaSavedObjectsTest {
    private static final ObjectMapper M = new ObjectMapper();
    /** A KQL field reference: a dotted name before ':' or a range operator. */
    private static final Pattern KQL_FIELD = Pattern.compile("([A-Za-z_@][A-Za-z0-9_@.]*)\\s*(:|<=|>=|<|>)");
    private static final Set<String> SORTABLE = Set.of("date", "keyword", "long", "double", "ip", "boolean");

    private final List<JsonNode> objects = KibanaSavedObjects.parse(KibanaSavedObjects.bundled());
    private final Map<String, Map<String, String>> typesByDataView = new HashMap<>();

    KibanaSavedObjectsTest() {
        IndexLayout layout = IndexLayout.defaults();
        typesByDataView.put("authstream-logs", IndexTemplates.template(IndexTemplates.Kind.EVENTS, layout).fieldTypes());
        typesByDataView.put("authstream-alerts", IndexTemplates.template(IndexTemplates.Kind.ALERTS, layout).fieldTypes());
    }

    @Test
    void dataViewsCoverLogsAndAlertsWithTheTimestampAsTimeField() {
        Map<String, String> titles = new HashMap<>();
        for (JsonNode o : objects) {
            if ("index-pattern".equals(o.path("type").asText())) {
                titles.put(o.path("id").asText(), o.at("/attributes/title").asText());
                String tf = o.at("/attributes/timeFieldName").asText();
                assertThat(typesByDataView.get(o.path("id").asText())).containsEntry(tf, "date");
            }
        }
        assertThat(titles).containsEntry("authstream-logs", "auth0-logs-*").containsEntry("authstream-alerts", "auth0-alerts-*");
    }

    @Test
    void everyFieldASavedSearchReferencesExistsWithAUsableType() throws Exception {
        int searches = 0;
        for (JsonNode o : objects) {
            if (!"search".equals(o.path("type").asText())) {
                continue;
            }
            searches++;
            String title = o.at("/attributes/title").asText();
            String dataView = o.path("references").get(0).path("id").asText();
            Map<String, String> types = typesByDataView.get(dataView);
            assertThat(types).as(title + " refers to a bundled data view").isNotNull();
            for (JsonNode c : o.at("/attributes/columns")) {
                assertThat(typeOf(types, c.asText())).as(title + ": column " + c.asText()).isNotNull();
                assertThat(c.asText()).as(title + ": a column must be searchable or stored, not event.original").isNotEqualTo("event.original");
            }
            for (JsonNode s : o.at("/attributes/sort")) {
                assertThat(typeOf(types, s.get(0).asText())).as(title + ": sort field").isIn(SORTABLE);
            }
            JsonNode source = M.readTree(o.at("/attributes/kibanaSavedObjectMeta/searchSourceJSON").asText());
            Matcher m = KQL_FIELD.matcher(source.at("/query/query").asText());
            int fields = 0;
            while (m.find()) {
                fields++;
                String f = m.group(1);
                String t = typeOf(types, f);
                assertThat(t).as(title + ": query field " + f).isNotNull();
                assertThat(t).as(title + ": query field " + f + " must be indexed").isNotEqualTo("unindexed");
                if (!m.group(2).equals(":")) {
                    assertThat(t).as(title + ": range on " + f).isIn("date", "long", "double", "ip");
                }
            }
            assertThat(fields).as(title + " queries something").isPositive();
        }
        assertThat(searches).as("the forensic staples").isGreaterThanOrEqualTo(5);
    }

    @Test
    void theDashboardReferencesOnlyBundledObjects() throws Exception {
        Set<String> ids = new java.util.HashSet<>();
        objects.forEach(o -> ids.add(o.path("id").asText()));
        JsonNode dash = objects.stream().filter(o -> "dashboard".equals(o.path("type").asText())).findFirst().orElseThrow();
        JsonNode panels = M.readTree(dash.at("/attributes/panelsJSON").asText());
        assertThat(panels.size()).isGreaterThanOrEqualTo(5);
        Set<String> refNames = new java.util.HashSet<>();
        for (JsonNode r : dash.path("references")) {
            assertThat(ids).contains(r.path("id").asText());
            refNames.add(r.path("name").asText());
        }
        panels.forEach(p -> assertThat(refNames).contains(p.path("panelRefName").asText()));
    }

    @Test
    void aCustomIndexPrefixRetitlesTheDataViews() {
        String ndjson = KibanaSavedObjects.forLayout(new IndexLayout("prod-", Map.of()));
        assertThat(ndjson).contains("\"title\":\"prod-logs-*\"").contains("\"title\":\"prod-alerts-*\"").doesNotContain("auth0-logs-*");
    }

    @Test
    void importPostsTheObjectsAsAMultipartFileWithTheXsrfHeaderAndOverwrite() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        HttpServer kibana = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        kibana.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.set(ex.getRequestMethod() + " " + ex.getRequestURI() + " xsrf=" + ex.getRequestHeaders().getFirst("kbn-xsrf")
                    + " auth=" + ex.getRequestHeaders().getFirst("Authorization") + " " + body);
            byte[] resp = "{\"success\":true,\"successCount\":10}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, resp.length);
            ex.getResponseBody().write(resp);
            ex.close();
        });
        kibana.start();
        try {
            KibanaSavedObjects.ImportResult r = KibanaSavedObjects.importTo(
                    URI.create("http://127.0.0.1:" + kibana.getAddress().getPort() + "/"), KibanaSavedObjects.bundled(),
                    Optional.of("security"), Optional.empty(), Optional.empty(), Optional.of(Secret.of("a2V5")));
            assertThat(r.success()).isTrue();
            assertThat(r.successCount()).isEqualTo(10);
        } finally {
            kibana.stop(0);
        }
        assertThat(seen.get()).startsWith("POST /s/security/api/saved_objects/_import?overwrite=true xsrf=authstream auth=ApiKey a2V5")
                .contains("filename=\"authstream-saved-objects.ndjson\"").contains("\"id\":\"authstream-overview\"");
    }

    /** The mapped type of a field; a key under a flattened field counts as flattened. Null when unmapped. */
    private static String typeOf(Map<String, String> types, String field) {
        if (types.containsKey(field)) {
            return "event.original".equals(field) ? "unindexed" : types.get(field);
        }
        for (Map.Entry<String, String> e : types.entrySet()) {
            if ("flattened".equals(e.getValue()) && field.startsWith(e.getKey() + ".")) {
                return "flattened";
            }
        }
        return null;
    }
}
