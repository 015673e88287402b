package io.authstream.analyzer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;

/** Builds Auth0 log-stream events for tests. */
public final class Events {
    private static final ObjectMapper M = new ObjectMapper();

    private Events() {
    }

    /**
     * An event; {@code fields} are pairs of {@code data} field name and value; a value that is a
     * {@link Map} becomes an object (for {@code details}).
     */
    public static byte[] event(String logId, String type, Instant date, Object... fields) {
        ObjectNode root = M.createObjectNode();
        root.put("log_id", logId);
        ObjectNode data = root.putObject("data");
        data.put("date", date.toString());
        data.put("type", type);
        data.put("log_id", logId);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            data.set((String) fields[i], M.valueToTree(fields[i + 1]));
        }
        try {
            return M.writeValueAsBytes(root);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
