package io.authstream.retention.es;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Small builders for Elasticsearch query DSL as JSON trees. */
public final class Q {
    private Q() {
    }

    public static ObjectNode obj() {
        return Es.JSON.createObjectNode();
    }

    public static ObjectNode matchAll() {
        ObjectNode n = obj();
        n.putObject("match_all");
        return n;
    }

    public static ObjectNode matchNone() {
        ObjectNode n = obj();
        n.putObject("match_none");
        return n;
    }

    public static ObjectNode term(String field, String value) {
        ObjectNode n = obj();
        n.putObject("term").put(field, value);
        return n;
    }

    public static ObjectNode terms(String field, Collection<String> values) {
        ObjectNode n = obj();
        ArrayNode a = n.putObject("terms").putArray(field);
        values.forEach(a::add);
        return n;
    }

    public static ObjectNode prefix(String field, String value) {
        ObjectNode n = obj();
        n.putObject("prefix").put(field, value);
        return n;
    }

    public static ObjectNode exists(String field) {
        ObjectNode n = obj();
        n.putObject("exists").put("field", field);
        return n;
    }

    /** {@code from <= field < to}; either bound may be null. Millisecond epoch values: no date-format surprises. */
    public static ObjectNode range(String field, Instant from, Instant to) {
        ObjectNode n = obj();
        ObjectNode r = n.putObject("range").putObject(field);
        if (from != null) {
            r.put("gte", from.toEpochMilli());
        }
        if (to != null) {
            r.put("lt", to.toEpochMilli());
        }
        r.put("format", "epoch_millis");
        return n;
    }

    public static Bool bool() {
        return new Bool();
    }

    /** A bool query under construction. */
    public static final class Bool {
        private final ObjectNode node = obj();
        private final ObjectNode bool = node.putObject("bool");

        public Bool filter(ObjectNode q) {
            arr("filter").add(q);
            return this;
        }

        public Bool mustNot(ObjectNode q) {
            arr("must_not").add(q);
            return this;
        }

        public Bool should(ObjectNode q) {
            arr("should").add(q);
            bool.put("minimum_should_match", 1);
            return this;
        }

        public Bool shouldAll(List<ObjectNode> qs) {
            qs.forEach(this::should);
            return this;
        }

        private ArrayNode arr(String name) {
            return bool.has(name) ? (ArrayNode) bool.get(name) : bool.putArray(name);
        }

        /** The query; a bool with an empty should list matches nothing. */
        public ObjectNode build() {
            if (bool.size() == 0) {
                return matchAll();
            }
            return node;
        }
    }
}
