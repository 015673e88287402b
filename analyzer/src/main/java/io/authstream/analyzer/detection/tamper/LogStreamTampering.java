package io.authstream.analyzer.detection.tamper;

import com.fasterxml.jackson.databind.JsonNode;
import io.authstream.analyzer.detection.StreamSilence;
import io.authstream.analyzer.engine.AlertFacts;
import io.authstream.schemas.record.AlertSeverity;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Log-stream tampering: on {@code /v2/log-streams/<id>}, a DELETE, a PATCH setting {@code status}
 * to {@code paused}/{@code suspended}, a PATCH of {@code sink} (re-pointed) or a PATCH setting a
 * non-empty {@code filters} list (narrowed). Critical when the stream is one authstream receives
 * ({@code streams}: {@code <tenant>/<log stream id>} or a bare id); the alert names the
 * {@code stream-silence} alert that will follow.
 */
public final class LogStreamTampering extends TamperDetection {
    public static final String NAME = "log-stream-tampering";
    private static final Pattern PATH = Pattern.compile("/v2/log-streams/([^/]+)");
    private final Set<String> watched;

    LogStreamTampering(Settings s) {
        super(s, "Log stream tampered with");
        watched = s.list("streams", Set.of());
    }

    @Override
    Change inspect(ApiChange c) {
        Matcher m = c.path(PATH);
        if (m == null) {
            return null;
        }
        String id = m.group(1);
        AlertSeverity sev = watched.contains(id) || watched.contains(c.event.tenant() + "/" + id)
                ? AlertSeverity.CRITICAL : AlertSeverity.HIGH;
        Change ch = new Change(id);
        if (c.method("DELETE")) {
            return ch.add("deleted", sev, "");
        }
        if (!c.method("PATCH", "PUT")) {
            return null;
        }
        String status = c.request.path("status").asText("");
        if ("paused".equalsIgnoreCase(status) || "suspended".equalsIgnoreCase(status)) {
            ch.add("paused", sev, "status=" + status);
        }
        JsonNode sink = c.request.path("sink");
        if (sink.isObject() && !sink.isEmpty()) {
            ch.add("re-pointed", sev, "sink." + sinkFields(sink));
        }
        JsonNode filters = c.request.path("filters");
        if (filters.isArray() && !filters.isEmpty()) {
            List<String> names = new ArrayList<>();
            filters.forEach(x -> names.add(x.path("name").asText(x.asText())));
            ch.add("filters narrowed", sev, "filters=[" + join(names) + "]");
        }
        return ch;
    }

    /** Which sink fields changed, with only the endpoint's host: authorization values are secrets and never copied. */
    private static String sinkFields(JsonNode sink) {
        List<String> out = new ArrayList<>();
        sink.fieldNames().forEachRemaining(f -> {
            String v = sink.path(f).asText("");
            out.add(f.toLowerCase(java.util.Locale.ROOT).endsWith("endpoint") && !v.isEmpty() ? f + "=" + host(v) : f);
        });
        return String.join(",", out);
    }

    private static String host(String url) {
        try {
            String h = URI.create(url).getHost();
            return h == null ? "(unparsable)" : h;
        } catch (IllegalArgumentException e) {
            return "(unparsable)";
        }
    }

    @Override
    Map<String, String> extra(ApiChange c, Change ch) {
        return Map.of("received_on", c.event.tenant() + "/" + c.event.stream());
    }

    @Override
    String note(AlertFacts f) {
        return "critical".equals(f.d(CHANGE_SEVERITY, "")) ? "; authstream receives this stream: expect a "
                + StreamSilence.NAME + " alert for " + f.d("received_on", f.tenant() + "/" + f.stream()) : "";
    }

    @Override
    String runbook(AlertFacts f) {
        return "Log stream " + f.g("target") + " was " + f.g("change") + " (" + f.d("changed", "") + "). If "
                + "authstream is fed by it, detections go blind: a " + StreamSilence.NAME + " alert for "
                + f.d("received_on", "the stream") + " follows once it stays quiet. Restore the stream (status active, "
                + "sink and filters as before); events of the gap stay in the tenant's logs within its retention.";
    }
}
