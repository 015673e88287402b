package io.authstream.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/**
 * The one JSON shape of every health answer (live, ready and startup alike):
 *
 * <pre>{@code
 * {"component":"archive","status":"not-ready",
 *  "checks":{"kafka":{"state":"up"},
 *            "elasticsearch":{"state":"down","reason":"connection refused"},
 *            "last-run":{"state":"up","required":false}}}
 * }</pre>
 *
 * {@code status} is {@code live}/{@code not-live}, {@code ready}/{@code not-ready} or
 * {@code started}/{@code starting}; {@code reason} appears at the top level only in a fatal state;
 * a check's {@code reason} only when it has one, {@code required} only when it is false. Errors
 * (404, 405) are {@code {"error":"not-found","message":"..."}}, the shape of the webhook's errors.
 */
public final class HealthJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HealthJson() {
    }

    public static String render(HealthSnapshot s, Probe probe) {
        ObjectNode root = JSON.createObjectNode();
        root.put("component", s.component());
        root.put("status", probe.status(s.passes(probe)));
        if (s.fatal() != null) {
            root.put("reason", s.fatal());
        }
        ObjectNode checks = root.putObject("checks");
        s.checks().forEach((name, c) -> {
            ObjectNode n = checks.putObject(name);
            n.put("state", c.state().json());
            if (c.reason() != null) {
                n.put("reason", c.reason());
            }
            if (!c.required()) {
                n.put("required", false);
            }
        });
        return write(root);
    }

    public static String error(String code, String message) {
        ObjectNode root = JSON.createObjectNode();
        root.put("error", code);
        root.put("message", message);
        return write(root);
    }

    private static String write(ObjectNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
