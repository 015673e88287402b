package io.authstream.analyzer.engine;

import io.authstream.schemas.catalogue.EventCode;
import io.authstream.schemas.event.Auth0Event;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An event with its catalogue entry and where it came from, as detections see it in the first stage.
 *
 * @param receivedAt ingest's arrival time (epoch ms) from the {@code authstream-received-at} header, or -1
 * @param time       event time in epoch ms: {@code data.date}, unless it was clamped for being too far ahead
 */
public record ClassifiedEvent(Auth0Event event, EventCode code, String tenant, String stream, long receivedAt,
                              long time) {

    public String type() {
        return event.type();
    }

    public String logId() {
        return event.logId();
    }

    /** Source IP, or null. */
    public String ip() {
        return event.ip().orElse(null);
    }

    /**
     * The user an authentication event is about, for grouping: {@code user_name} lower-cased
     * (failed logins for unknown users carry only that), else {@code user_id}; null if neither.
     */
    public String user() {
        Optional<String> name = event.userName();
        if (name.isPresent()) {
            return name.get().toLowerCase(Locale.ROOT);
        }
        return event.userId().orElse(null);
    }

    public String clientId() {
        return event.clientId().orElse(null);
    }

    /** {@code details.<path...>} as text, or null. */
    public String detail(String... path) {
        var n = event.details();
        for (String p : path) {
            n = n.path(p);
        }
        return n.isValueNode() && !n.asText().isEmpty() ? n.asText() : null;
    }

    /** A signal of this event for {@code rule}. */
    public Signal signal(String rule, Signal.Kind kind, Map<String, String> group, Map<String, String> attrs) {
        return new Signal(rule, tenant, stream, group, kind, logId(), time(), user(), ip(), attrs);
    }

    /** Value or {@code "(none)"}, for group fields that may be missing. */
    public static String orNone(String v) {
        return v == null || v.isEmpty() ? "(none)" : v;
    }
}
