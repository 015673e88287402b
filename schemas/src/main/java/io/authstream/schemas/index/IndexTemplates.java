package io.authstream.schemas.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The archive's composable index templates, kept as JSON resources in
 * {@code authstream/index-templates/} and bound to an {@link IndexLayout} (name and index patterns
 * follow the layout's prefix). No Elasticsearch client here: callers {@code PUT
 * _index_template/<name>} the {@link IndexTemplate#json() body} themselves.
 *
 * <p>Trap: a template applies only to indices created after it was installed; existing indices keep
 * their mapping. Bump {@code version} (and {@code _meta.template_version}) in the resource whenever
 * a mapping changes, so installers can tell an older template from a newer one.
 */
public final class IndexTemplates {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The three kinds of archive index. */
    public enum Kind {
        /** Auth0 log events ({@code <prefix>logs-*}) and legal-hold copies of them ({@code <prefix>hold-*}). */
        EVENTS,
        /** Analyzer alerts ({@code <prefix>alerts-*}). */
        ALERTS,
        /** Retention's append-only audit trail ({@code <prefix>audit-*}). */
        AUDIT;

        /** Lower-case id, also the resource name. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private IndexTemplates() {
    }

    /** Every template for {@code layout}, events first. */
    public static List<IndexTemplate> forLayout(IndexLayout layout) {
        List<IndexTemplate> out = new ArrayList<>();
        for (Kind k : Kind.values()) {
            out.add(template(k, layout));
        }
        return List.copyOf(out);
    }

    /** One template bound to {@code layout}. */
    public static IndexTemplate template(Kind kind, IndexLayout layout) {
        List<String> patterns = switch (kind) {
            case EVENTS -> List.of(layout.eventIndexPattern(), layout.holdIndexPattern());
            case ALERTS -> List.of(layout.alertIndexPattern());
            case AUDIT -> List.of(layout.auditIndexPattern());
        };
        String name = layout.prefix() + switch (kind) {
            case EVENTS -> "logs";
            case ALERTS -> "alerts";
            case AUDIT -> "audit";
        };
        ObjectNode body = resource(kind);
        ArrayNode p = MAPPER.createArrayNode();
        patterns.forEach(p::add);
        ObjectNode ordered = MAPPER.createObjectNode();
        ordered.set("index_patterns", p);
        ordered.setAll(body);
        try {
            return new IndexTemplate(kind, name, patterns, body.path("version").asInt(),
                    MAPPER.writeValueAsString(ordered), fieldTypes(body.path("template").path("mappings")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode resource(Kind kind) {
        String path = "/authstream/index-templates/" + kind.id() + ".json";
        try (InputStream in = IndexTemplates.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the classpath");
            }
            return (ObjectNode) MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /**
     * Every leaf field of a {@code mappings} object with its type, by dotted path, including
     * multi-fields ({@code auth0.description.keyword}). Object fields are not listed.
     */
    public static Map<String, String> fieldTypes(JsonNode mappings) {
        Map<String, String> out = new TreeMap<>();
        collect("", mappings.path("properties"), out);
        return out;
    }

    private static void collect(String prefix, JsonNode properties, Map<String, String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = prefix + e.getKey();
            JsonNode def = e.getValue();
            if (def.has("type") && !"object".equals(def.path("type").asText())) {
                out.put(path, def.path("type").asText());
                JsonNode fields = def.path("fields");
                for (Iterator<Map.Entry<String, JsonNode>> f = fields.fields(); f.hasNext(); ) {
                    Map.Entry<String, JsonNode> sub = f.next();
                    out.put(path + "." + sub.getKey(), sub.getValue().path("type").asText());
                }
            }
            if (def.has("properties")) {
                collect(path + ".", def.path("properties"), out);
            }
        }
    }

    /**
     * One template bound to a layout.
     *
     * @param name       the {@code _index_template} name, e.g. {@code auth0-logs}
     * @param patterns   the index patterns it applies to
     * @param version    the template's {@code version}; higher means newer
     * @param json       the complete request body for {@code PUT _index_template/<name>}
     * @param fieldTypes leaf field path → mapping type, e.g. {@code source.ip → ip}
     */
    public record IndexTemplate(Kind kind, String name, List<String> patterns, int version, String json,
                                Map<String, String> fieldTypes) {
        public IndexTemplate {
            patterns = List.copyOf(patterns);
            fieldTypes = Map.copyOf(fieldTypes);
        }
    }
}
