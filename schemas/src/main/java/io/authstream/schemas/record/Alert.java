package io.authstream.schemas.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An alert on {@code auth0-alerts} (Kafka key = {@link #id}). Schema: {@code json-schema/alert.schema.json}.
 *
 * <p>Identity: {@link #id} is {@link #idOf(String, long) hash(key + window start)}, so the same
 * condition in the same window always gets the same id; the firing, its updates and its resolution
 * share it, and delivery (PagerDuty {@code dedup_key}) is idempotent. {@link #key} names the
 * condition without the window ({@code rule|tenant|stream|field=value...}); the notifier's
 * cool-down works on it, so a condition that flaps across windows does not page again and again.
 *
 * @param revision      0 for the firing, then +1 for every update and for the resolution
 * @param group         the fields the rule groups by, e.g. {@code ip}, {@code user}, {@code client_id}
 * @param windowStart   start of the window that crossed the threshold
 * @param windowEnd     end of the window currently tracked (moves on while the condition persists)
 * @param count         matching events counted for this alert
 * @param threshold     the count that fires (for anomaly rules: the computed limit)
 * @param distinctUsers distinct users among the counted events, or null where not relevant
 * @param distinctIps   distinct source IPs among the counted events, or null where not relevant
 * @param sampleLogIds  up to 10 {@code log_id}s of counted events, as evidence
 * @param summary       one line a person reads first
 * @param runbook       what to check first
 * @param details       rule-specific facts (client name, API, baseline, whether Attack Protection blocked)
 * @param emittedAt     when the analyzer wrote this record (wall clock)
 * @param subjects      the stable identities the alert is about, by kind ({@code user_id}, {@code user_name},
 *                      {@code client_id}, {@code client_name}, {@code ip}): the distinct values seen, in the order
 *                      first seen, at most {@value #MAX_SUBJECT_VALUES} per kind; kinds not seen are absent
 */
public record Alert(String id, String key, String rule, String title, AlertSeverity severity, AlertState state,
                    int revision, String tenant, String stream, Map<String, String> group, Instant windowStart,
                    Instant windowEnd, long count, long threshold, Long distinctUsers, Long distinctIps,
                    Instant firstEventAt, Instant lastEventAt, List<String> sampleLogIds, String summary,
                    String runbook, Map<String, String> details, Instant emittedAt, Map<String, List<String>> subjects) {
    /** Version of the JSON form; bumped on incompatible change. */
    public static final int SCHEMA_VERSION = 1;
    /** At most this many sample {@code log_id}s are carried. */
    public static final int MAX_SAMPLES = 10;
    /** At most this many values are carried per subject kind. */
    public static final int MAX_SUBJECT_VALUES = 10;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public Alert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowEnd, "windowEnd");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(runbook, "runbook");
        Objects.requireNonNull(emittedAt, "emittedAt");
        if (revision < 0) {
            throw new IllegalArgumentException("revision must not be negative, was " + revision);
        }
        group = Map.copyOf(group == null ? Map.of() : group);
        details = Map.copyOf(details == null ? Map.of() : details);
        sampleLogIds = List.copyOf(sampleLogIds == null ? List.of() : sampleLogIds);
        if (sampleLogIds.size() > MAX_SAMPLES) {
            sampleLogIds = sampleLogIds.subList(0, MAX_SAMPLES);
        }
        Map<String, List<String>> sub = new LinkedHashMap<>();
        (subjects == null ? Map.<String, List<String>>of() : subjects).forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                sub.put(k, List.copyOf(v.size() > MAX_SUBJECT_VALUES ? v.subList(0, MAX_SUBJECT_VALUES) : v));
            }
        });
        subjects = java.util.Collections.unmodifiableMap(sub);
    }

    /** An alert without subjects (the form before {@code subjects} existed). */
    public Alert(String id, String key, String rule, String title, AlertSeverity severity, AlertState state,
                 int revision, String tenant, String stream, Map<String, String> group, Instant windowStart,
                 Instant windowEnd, long count, long threshold, Long distinctUsers, Long distinctIps,
                 Instant firstEventAt, Instant lastEventAt, List<String> sampleLogIds, String summary,
                 String runbook, Map<String, String> details, Instant emittedAt) {
        this(id, key, rule, title, severity, state, revision, tenant, stream, group, windowStart, windowEnd, count,
                threshold, distinctUsers, distinctIps, firstEventAt, lastEventAt, sampleLogIds, summary, runbook, details,
                emittedAt, Map.of());
    }

    /** The deterministic alert id: the first 128 bits of SHA-256 over key and window start, in hex. */
    public static String idOf(String key, long windowStartMillis) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(key.getBytes(StandardCharsets.UTF_8));
            d.update((byte) '\n');
            d.update(Long.toString(windowStartMillis).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** A copy in another state with the next revision, emitted now. */
    public Alert next(AlertState newState, Instant at) {
        return new Alert(id, key, rule, title, severity, newState, revision + 1, tenant, stream, group, windowStart,
                windowEnd, count, threshold, distinctUsers, distinctIps, firstEventAt, lastEventAt, sampleLogIds,
                summary, runbook, details, at, subjects);
    }

    /** The JSON form (snake_case fields, ISO-8601 UTC instants, nulls omitted). */
    public byte[] toJson() {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("schema_version", SCHEMA_VERSION);
        n.put("id", id);
        n.put("key", key);
        n.put("rule", rule);
        n.put("title", title);
        n.put("severity", severity.id());
        n.put("state", state.id());
        n.put("revision", revision);
        n.put("tenant", tenant);
        n.put("stream", stream);
        ObjectNode g = n.putObject("group");
        new TreeMap<>(group).forEach(g::put);
        n.put("window_start", windowStart.toString());
        n.put("window_end", windowEnd.toString());
        n.put("count", count);
        n.put("threshold", threshold);
        if (distinctUsers != null) {
            n.put("distinct_users", distinctUsers);
        }
        if (distinctIps != null) {
            n.put("distinct_ips", distinctIps);
        }
        if (firstEventAt != null) {
            n.put("first_event_at", firstEventAt.toString());
        }
        if (lastEventAt != null) {
            n.put("last_event_at", lastEventAt.toString());
        }
        com.fasterxml.jackson.databind.node.ArrayNode samples = n.putArray("sample_log_ids");
        sampleLogIds.forEach(samples::add);
        n.put("summary", summary);
        n.put("runbook", runbook);
        ObjectNode d = n.putObject("details");
        new TreeMap<>(details).forEach(d::put);
        n.put("emitted_at", emittedAt.toString());
        ObjectNode sub = n.putObject("subjects");
        new TreeMap<>(subjects).forEach((k, v) -> v.forEach(sub.putArray(k)::add));
        try {
            return MAPPER.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the JSON form back; throws {@link IllegalArgumentException} with the reason when it is not an alert. */
    public static Alert fromJson(byte[] json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("not an alert: expected a JSON object");
            }
            return new Alert(req(n, "id"), req(n, "key"), req(n, "rule"), req(n, "title"),
                    AlertSeverity.fromId(req(n, "severity")), AlertState.fromId(req(n, "state")), n.path("revision").asInt(),
                    req(n, "tenant"), req(n, "stream"), strings(n.path("group")), Instant.parse(req(n, "window_start")),
                    Instant.parse(req(n, "window_end")), n.path("count").asLong(), n.path("threshold").asLong(),
                    n.hasNonNull("distinct_users") ? n.get("distinct_users").asLong() : null,
                    n.hasNonNull("distinct_ips") ? n.get("distinct_ips").asLong() : null,
                    instant(n, "first_event_at"), instant(n, "last_event_at"), list(n.path("sample_log_ids")),
                    req(n, "summary"), req(n, "runbook"), strings(n.path("details")), Instant.parse(req(n, "emitted_at")),
                    lists(n.path("subjects")));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not an alert record: " + e.getMessage(), e);
        }
    }

    private static String req(JsonNode n, String f) {
        JsonNode v = n.get(f);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("'" + f + "' is missing");
        }
        return v.asText();
    }

    private static Instant instant(JsonNode n, String f) {
        return n.hasNonNull(f) ? Instant.parse(n.get(f).asText()) : null;
    }

    private static Map<String, String> strings(JsonNode o) {
        Map<String, String> m = new LinkedHashMap<>();
        o.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    private static Map<String, List<String>> lists(JsonNode o) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        o.fields().forEachRemaining(e -> m.put(e.getKey(), list(e.getValue())));
        return m;
    }

    private static List<String> list(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(x -> out.add(x.asText()));
        return out;
    }

    @Override
    public String toString() {
        return "Alert[" + state.id() + " " + severity.id() + " " + key + " count=" + count + "/" + threshold + " id=" + id
                + " rev=" + revision + "]";
    }
}
