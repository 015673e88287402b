package io.authstream.embedded.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a recall run needs of one alert read from the alerts topic (the alert JSON's {@code rule},
 * {@code state}, {@code group}, {@code window_start} and {@code emitted_at}).
 */
public record ObservedAlert(String id, String rule, String state, Map<String, String> group, Instant windowStart,
                            Instant emittedAt) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ObservedAlert {
        group = Map.copyOf(group);
    }

    public boolean firing() {
        return "firing".equals(state);
    }

    /** Parses alert JSON; null for anything that is not an alert. */
    public static ObservedAlert parse(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            if (n == null || !n.hasNonNull("rule") || !n.hasNonNull("emitted_at")) {
                return null;
            }
            Map<String, String> g = new LinkedHashMap<>();
            n.path("group").fields().forEachRemaining(e -> g.put(e.getKey(), e.getValue().asText()));
            return new ObservedAlert(n.path("id").asText(), n.path("rule").asText(), n.path("state").asText(), g,
                    n.hasNonNull("window_start") ? Instant.parse(n.path("window_start").asText()) : null,
                    Instant.parse(n.path("emitted_at").asText()));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
