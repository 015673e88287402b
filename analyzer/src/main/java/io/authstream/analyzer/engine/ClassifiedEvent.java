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

    /** The user id Auth0 logged ({@code user_id}), or null. */
    public String userId() {
        return event.userId().filter(v -> !v.isEmpty()).orElse(null);
    }

    /**
     * The group key of a rule about a user that should follow the account: {@code user_id} when the
     * event has it, else the lower-cased {@code user_name}; null if neither.
     */
    public String stableUser() {
        String id = userId();
        if (id != null) {
            return id;
        }
        return event.userName().map(n -> n.toLowerCase(Locale.ROOT)).orElse(null);
    }

    /** This event's values of the {@link Subjects} keys asked for (missing ones left out). */
    public Map<String, String> subjects(java.util.List<String> keys) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (String k : keys) {
            String v = switch (k) {
                case Subjects.USER_ID -> userId();
                case Subjects.USER_NAME -> event.userName().orElse(null);
                case Subjects.CLIENT_ID -> clientId();
                case Subjects.CLIENT_NAME -> event.clientName().orElse(null);
                case Subjects.IP -> ip();
                default -> throw new IllegalArgumentException("unknown subject " + k);
            };
            if (v != null && !v.isEmpty()) {
                m.put(k, v);
            }
        }
        return m;
    }

    /** A signal of this event for {@code rule} that carries the {@code subjects} its alert reports. */
    public Signal signal(String rule, Signal.Kind kind, Map<String, String> group, Map<String, String> attrs,
                         java.util.List<String> subjects) {
        return signal(rule, kind, group, attrs).withSubjects(subjects(subjects));
    }

    /** Value or {@code "(none)"}, for group fields that may be missing. */
    public static String orNone(String v) {
        return v == null || v.isEmpty() ? "(none)" : v;
    }
}
