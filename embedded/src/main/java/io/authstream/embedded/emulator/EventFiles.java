package io.authstream.embedded.emulator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Auth0 events from a file for replay: a JSON array or JSON lines of either log-stream
 * envelopes ({@code {"log_id":…,"data":{…}}}) or bare log objects as the Management API exports
 * them ({@code GET /api/v2/logs}: {@code {"date":…,"type":…,"log_id":…}}), which are wrapped.
 */
public final class EventFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventFiles() {
    }

    public static List<byte[]> read(Path file) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file); JsonParser p = JSON.getFactory().createParser(in)) {
            JsonToken t = p.nextToken();
            boolean array = t == JsonToken.START_ARRAY;
            if (array) {
                t = p.nextToken();
            }
            while (t != null && t != JsonToken.END_ARRAY) {
                JsonNode n = JSON.readTree(p);
                out.add(JSON.writeValueAsBytes(envelope(n)));
                t = p.nextToken();
            }
        }
        return out;
    }

    static JsonNode envelope(JsonNode n) {
        if (n.has("data") && n.path("data").isObject()) {
            return n;
        }
        ObjectNode env = JSON.createObjectNode();
        String id = n.hasNonNull("log_id") ? n.get("log_id").asText() : n.path("_id").asText("");
        env.put("log_id", id);
        env.set("data", n);
        return env;
    }
}
