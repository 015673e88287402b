package io.authstream.analyzer.detection.tamper;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.authstream.analyzer.stream.Fixture;
import io.authstream.schemas.record.Alert;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * The realistic Management API events in {@code src/test/resources/sapi/} (shapes from the official
 * log schemas and the public rule sets' fixtures, see detections-anchors.md §4), sent as tenant
 * {@code acme}, stream {@code prod}.
 */
final class Sapi {
    private static final ObjectMapper M = new ObjectMapper();

    private Sapi() {
    }

    static ObjectNode load(String name) {
        try (InputStream in = Sapi.class.getResourceAsStream("/sapi/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no test event " + name);
            }
            return (ObjectNode) M.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String logId(String name) {
        return load(name).path("log_id").asText();
    }

    /** Sends the event as stored; returns its log_id. */
    static String send(Fixture f, String name) {
        ObjectNode e = load(name);
        return send(f, e);
    }

    /** Sends the event with another date and log_id (for repeated changes). */
    static String send(Fixture f, String name, Instant date, String logId) {
        ObjectNode e = load(name);
        e.put("log_id", logId);
        ((ObjectNode) e.path("data")).put("log_id", logId).put("date", date.toString());
        return send(f, e);
    }

    private static String send(Fixture f, ObjectNode e) {
        String id = e.path("log_id").asText();
        try {
            f.sendRaw(id, M.writeValueAsBytes(e), "acme", "prod");
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return id;
    }

    static List<Alert> firing(Fixture f, String rule) {
        return f.firing(f.newAlerts(rule));
    }
}
