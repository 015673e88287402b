package io.authstream.schemas.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authstream.schemas.index.IndexTemplates.IndexTemplate;
import io.authstream.schemas.index.IndexTemplates.Kind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IndexTemplatesTest {
    private static final ObjectMapper M = new ObjectMapper();

    @Test
    void templatesFollowTheLayoutPrefix() {
        IndexLayout layout = new IndexLayout("prod-", Map.of());
        assertThat(IndexTemplates.forLayout(layout)).extracting(IndexTemplate::name)
                .containsExactly("prod-logs", "prod-alerts", "prod-audit");
        assertThat(IndexTemplates.template(Kind.EVENTS, layout).patterns()).containsExactly("prod-logs-*", "prod-hold-*");
    }

    @Test
    void bodyCarriesPatternsVersionAndMeta() throws Exception {
        for (IndexTemplate t : IndexTemplates.forLayout(IndexLayout.defaults())) {
            JsonNode body = M.readTree(t.json());
            assertThat(body.path("index_patterns").get(0).asText()).isEqualTo(t.patterns().get(0));
            assertThat(body.path("version").asInt()).isEqualTo(t.version()).isPositive();
            assertThat(body.path("_meta").path("template_version").asInt()).isEqualTo(t.version());
            String dynamic = body.path("template").path("mappings").path("dynamic").asText();
            assertThat(dynamic).as(t.name() + " must not map unknown fields dynamically").isIn("false", "strict");
        }
    }

    @Test
    void eventTemplateHasTheContractTypes() throws Exception {
        IndexTemplate t = IndexTemplates.template(Kind.EVENTS, IndexLayout.defaults());
        assertThat(t.fieldTypes()).contains(
                Map.entry("@timestamp", "date"), Map.entry("source.ip", "ip"), Map.entry("event.id", "keyword"),
                Map.entry("event.code", "keyword"), Map.entry("event.original", "keyword"), Map.entry("user.id", "keyword"),
                Map.entry("auth0.details", "flattened"), Map.entry("auth0.description", "text"),
                Map.entry("auth0.description.keyword", "keyword"), Map.entry("authstream.retention_class", "keyword"),
                Map.entry("authstream.catalogue_known", "boolean"), Map.entry("event.ingested", "date"));
        JsonNode original = M.readTree(t.json()).at("/template/mappings/properties/event/properties/original");
        assertThat(original.path("index").asBoolean(true)).isFalse();
        assertThat(original.path("doc_values").asBoolean(true)).isFalse();
    }
}
