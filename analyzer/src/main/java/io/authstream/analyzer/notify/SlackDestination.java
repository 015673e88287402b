package io.authstream.analyzer.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertState;
import java.net.http.HttpClient;
import java.util.stream.Collectors;

/**
 * Slack incoming webhook: a {@code text} fallback plus Block Kit blocks (header, summary, facts,
 * runbook, context). The webhook URL is the secret. Every alert-derived string is escaped
 * ({@link Text#slack}): alert text comes from attacker-typed input (user names, client names).
 */
final class SlackDestination extends HttpDestination {
    private static final ObjectMapper M = new ObjectMapper();

    SlackDestination(DestinationConfig config, HttpClient http) {
        super(config, http);
    }

    @Override
    byte[] body(Alert a) {
        ObjectNode root = M.createObjectNode();
        root.put("text", Text.slack(Messages.line(a)));
        ArrayNode blocks = root.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", abbreviate(icon(a) + " " + a.state().id().toUpperCase()
                + " " + a.severity().id() + ": " + Text.clean(a.title()), 150));
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", Text.slack(a.summary()));
        ObjectNode facts = blocks.addObject().put("type", "section");
        ArrayNode fields = facts.putArray("fields");
        field(fields, "Tenant / stream", a.tenant() + " / " + a.stream());
        field(fields, "Rule", a.rule());
        if (!a.group().isEmpty()) {
            field(fields, "Group", a.group().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", ")));
        }
        String subjects = Messages.subjects(a, "\n", ": ");
        if (!subjects.isEmpty()) {
            field(fields, "Subjects", subjects);
        }
        field(fields, "Count / threshold", a.count() + " / " + a.threshold());
        field(fields, "Window", a.windowStart() + " – " + a.windowEnd());
        if (a.distinctUsers() != null) {
            field(fields, "Distinct users", a.distinctUsers().toString());
        }
        if (a.state() != AlertState.RESOLVED) {
            blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                    .put("text", "*What to check first:* " + Text.slack(a.runbook()));
        }
        ArrayNode ctx = blocks.addObject().put("type", "context").putArray("elements");
        ctx.addObject().put("type", "mrkdwn").put("text", "alert " + a.id() + " rev " + a.revision()
                + (a.sampleLogIds().isEmpty() ? "" : " · sample log_ids: " + Text.slack(String.join(", ",
                a.sampleLogIds().subList(0, Math.min(3, a.sampleLogIds().size()))))));
        try {
            return M.writeValueAsBytes(root);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void field(ArrayNode fields, String name, String value) {
        fields.addObject().put("type", "mrkdwn").put("text", "*" + name + "*\n" + Text.slack(value));
    }

    private static String icon(Alert a) {
        if (a.state() == AlertState.RESOLVED) {
            return "✅";
        }
        return switch (a.severity()) {
            case CRITICAL -> "🚨";
            case HIGH -> "🔴";
            case WARNING -> "⚠️";
            case INFO -> "ℹ️";
        };
    }

    private static String abbreviate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
