package io.authstream.analyzer.detection.tamper;

import com.fasterxml.jackson.databind.JsonNode;
import io.authstream.analyzer.engine.ClassifiedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Management API operation as a {@code sapi} (or {@code mgmt_api_read}) event records it:
 * {@code details.request.{method, path, body, channel, auth}} and {@code details.response.{statusCode,
 * body}}. The path is normalised to {@code /v2/...} (the {@code /api} prefix, query string and a
 * trailing slash dropped), so Dashboard and direct API calls match alike. Description text is never
 * read: its wording differs between sources for the same operation.
 */
final class ApiChange {
    private static final Pattern API_PREFIX = Pattern.compile("^/api(?=/v2/)");
    final ClassifiedEvent event;
    final String method;
    final String path;
    final JsonNode request;
    final JsonNode response;
    private final int status;

    private ApiChange(ClassifiedEvent event, JsonNode details) {
        this.event = event;
        JsonNode req = details.path("request");
        this.method = req.path("method").asText("").toUpperCase(Locale.ROOT);
        this.path = normalise(req.path("path").asText(""));
        this.request = req.path("body");
        this.response = details.path("response").path("body");
        JsonNode sc = details.path("response").path("statusCode");
        this.status = sc.canConvertToInt() ? sc.asInt() : sc.isTextual() && sc.asText().matches("\\d{3}")
                ? Integer.parseInt(sc.asText()) : -1;
    }

    /** The operation of a Management API event, or null for any other event. */
    static ApiChange of(ClassifiedEvent e) {
        String t = e.type();
        if (!"sapi".equals(t) && !"mgmt_api_read".equals(t)) {
            return null;
        }
        return new ApiChange(e, e.event().details());
    }

    static String normalise(String p) {
        int q = p.indexOf('?');
        String s = q >= 0 ? p.substring(0, q) : p;
        s = API_PREFIX.matcher(s).replaceFirst("");
        while (s.length() > 1 && s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /** Whether the call succeeded: the status is 2xx, or absent (a {@code sapi} event is a success by definition). */
    boolean succeeded() {
        return status < 0 || (status >= 200 && status < 300);
    }

    boolean method(String... any) {
        for (String m : any) {
            if (m.equals(method)) {
                return true;
            }
        }
        return false;
    }

    /** The path matcher if {@code p} matches the whole normalised path, else null. */
    Matcher path(Pattern p) {
        Matcher m = p.matcher(path);
        return m.matches() ? m : null;
    }

    /**
     * What this change set {@code field} to: the request body's value when the request sent one;
     * the response body's (the resulting state) only when no request body was logged at all; else
     * a missing node. So an unrelated update of an already weak setting does not count as weakening it.
     */
    JsonNode changed(String... field) {
        JsonNode base = request.isMissingNode() || request.isNull() || request.isEmpty() && !request.isArray() ? response : request;
        JsonNode n = base;
        for (String f : field) {
            n = n.path(f);
        }
        return n;
    }

    /** A field of the response body, falling back to the request body. */
    JsonNode result(String field) {
        JsonNode r = response.path(field);
        return r.isMissingNode() || r.isNull() ? request.path(field) : r;
    }

    /** Who made the change: the Dashboard user's e-mail, else the user id, else the calling client. */
    String actor() {
        JsonNode user = event.event().details().path("request").path("auth").path("user");
        String email = user.path("email").asText("");
        if (!email.isEmpty()) {
            return email.toLowerCase(Locale.ROOT);
        }
        String uid = event.event().userId().orElse(user.path("user_id").asText(""));
        if (!uid.isEmpty()) {
            return uid;
        }
        String client = event.clientId();
        return client == null || client.isEmpty() ? "(none)" : "client:" + client;
    }

    String channel() {
        return event.event().details().path("request").path("channel").asText("");
    }

    static boolean isFalse(JsonNode n) {
        return n.isBoolean() ? !n.asBoolean() : n.isTextual() && "false".equalsIgnoreCase(n.asText());
    }

    static boolean isTrue(JsonNode n) {
        return n.isBoolean() ? n.asBoolean() : n.isTextual() && "true".equalsIgnoreCase(n.asText());
    }

    /** The strings of an array (or a space-separated string, as {@code scope} sometimes is). */
    static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(x -> {
                if (x.isValueNode()) {
                    out.add(x.asText());
                }
            });
        } else if (n.isTextual() && !n.asText().isBlank()) {
            out.addAll(List.of(n.asText().strip().split("\\s+")));
        }
        return out;
    }
}
