package io.authstream.analyzer.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertState;
import java.net.http.HttpClient;

/**
 * PagerDuty Events API v2: {@code trigger} for firing and updates, {@code resolve} for resolution,
 * {@code dedup_key} = alert id, so a redelivered alert never opens a second incident.
 */
final class PagerDutyDestination extends HttpDestination {
    private static final ObjectMapper M = new ObjectMapper();

    PagerDutyDestination(DestinationConfig config, HttpClient http) {
        super(config, http);
    }

    @Override
    byte[] body(Alert a) {
        ObjectNode root = M.createObjectNode();
        root.put("routing_key", config().secret().value());
        root.put("event_action", a.state() == AlertState.RESOLVED ? "resolve" : "trigger");
        root.put("dedup_key", a.id());
        if (a.state() != AlertState.RESOLVED) {
            ObjectNode p = root.putObject("payload");
            p.put("summary", abbreviate(a.title() + ": " + a.summary(), 1024));
            p.put("source", "authstream/" + a.tenant() + "/" + a.stream());
            p.put("severity", switch (a.severity()) {
                case CRITICAL -> "critical";
                case HIGH -> "error";
                case WARNING -> "warning";
                case INFO -> "info";
            });
            p.put("timestamp", a.emittedAt().toString());
            p.put("component", a.rule());
            p.put("group", a.tenant());
            p.put("class", a.rule());
            ObjectNode d = p.putObject("custom_details");
            d.put("runbook", a.runbook());
            d.put("count", a.count());
            d.put("threshold", a.threshold());
            d.put("window_start", a.windowStart().toString());
            d.put("window_end", a.windowEnd().toString());
            a.group().forEach(d::put);
            if (!a.subjects().isEmpty()) {
                ObjectNode subjects = d.putObject("subjects");
                a.subjects().forEach((kind, values) -> {
                    ArrayNode list = subjects.putArray(kind);
                    values.forEach(list::add);
                });
            }
            if (a.distinctUsers() != null) {
                d.put("distinct_users", a.distinctUsers());
            }
            d.put("sample_log_ids", String.join(",", a.sampleLogIds()));
            a.details().forEach((k, v) -> d.put("detail." + k, v));
            d.put("alert_key", a.key());
            d.put("revision", a.revision());
        }
        try {
            return M.writeValueAsBytes(root);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 3) + "...";
    }
}
