package io.authstream.analyzer.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one event contributes to one rule: the compact record that travels on the analyzer's
 * internal {@code signals} repartition topic, keyed by {@link #key()} so that every signal of one
 * group reaches the same task. Strings are cut to {@value #MAX_TEXT} characters so a hostile event
 * cannot blow up state.
 *
 * @param group   the grouping fields in key order (e.g. {@code ip}), tenant and stream excluded
 * @param time    event time ({@code data.date}) in epoch milliseconds
 * @param user    the user the event concerns (for distinct counts), or null
 * @param ip      the source IP (for distinct counts), or null
 * @param attrs   a few facts for the alert's details (client name, API path...), may be empty
 * @param sourceTime stream time of the first-stage task when it emitted the signal, or -1. The
 *                second stage judges lateness against it rather than against its own stream time,
 *                because after the repartition the three source partitions interleave: while a
 *                backlog is replayed one of them can run minutes of event time ahead of another,
 *                and its signals would make the others' on-time events look late.
 * @param source  the events-topic partition the first stage read the event from, or -1; the second
 *                stage keeps one clock per source so that it resolves alerts only once every source
 *                has moved past them (a lagging partition may still hold events of an open episode)
 * @param subjects stable identities of the event the rule reports ({@link Subjects}), may be empty
 */
public record Signal(String rule, String tenant, String stream, Map<String, String> group, Kind kind, String logId,
                     long time, String user, String ip, Map<String, String> attrs, long sourceTime, int source,
                     Map<String, String> subjects) {
    /** Longest string kept in a signal. */
    public static final int MAX_TEXT = 256;

    /** What the signal means to its rule. */
    public enum Kind {
        /** A matching event: counts toward the threshold. */
        COUNT,
        /** A success for the same group (escalation evidence, does not count). */
        SUCCESS,
        /** Attack Protection blocked the same group (evidence, does not count). */
        BLOCKED,
        /** The stream is alive (stream silence); {@link #time} is when it was received. */
        HEARTBEAT,
        /** Start watching a configured stream (stream silence) even before its first event. */
        SEED
    }

    public Signal {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(kind, "kind");
        tenant = cut(tenant == null ? "unknown" : tenant);
        stream = cut(stream == null ? "unknown" : stream);
        Map<String, String> g = new LinkedHashMap<>();
        (group == null ? Map.<String, String>of() : group).forEach((k, v) -> g.put(k, cut(v == null ? "(none)" : v)));
        group = Collections.unmodifiableMap(g);
        Map<String, String> a = new LinkedHashMap<>();
        (attrs == null ? Map.<String, String>of() : attrs).forEach((k, v) -> {
            if (v != null) {
                a.put(k, cut(v));
            }
        });
        attrs = Collections.unmodifiableMap(a);
        Map<String, String> sub = new LinkedHashMap<>();
        (subjects == null ? Map.<String, String>of() : subjects).forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                sub.put(k, cut(v));
            }
        });
        subjects = Collections.unmodifiableMap(sub);
        user = user == null ? null : cut(user);
        ip = ip == null ? null : cut(ip);
        logId = logId == null ? "" : logId;
    }

    public Signal(String rule, String tenant, String stream, Map<String, String> group, Kind kind, String logId,
                  long time, String user, String ip, Map<String, String> attrs) {
        this(rule, tenant, stream, group, kind, logId, time, user, ip, attrs, -1, -1, Map.of());
    }

    /** This signal stamped with the first stage's stream time (source unknown). */
    public Signal withSourceTime(long t) {
        return withSource(-1, t);
    }

    /** This signal stamped with the first stage's source partition and stream time. */
    public Signal withSource(int partition, long t) {
        return new Signal(rule, tenant, stream, group, kind, logId, time, user, ip, attrs, t, partition, subjects);
    }

    /** This signal carrying {@code s} as the stable identities its alert reports. */
    public Signal withSubjects(Map<String, String> s) {
        return new Signal(rule, tenant, stream, group, kind, logId, time, user, ip, attrs, sourceTime, source, s);
    }

    /** What lateness is judged against: the source task's stream time when known, else {@code fallback}. */
    public long lateReference(long fallback) {
        return sourceTime >= 0 ? sourceTime : fallback;
    }

    /** {@code rule|tenant|stream|name=value|...}: the repartition key, the alert key and the store key. */
    public String key() {
        return keyOf(rule, tenant, stream, group);
    }

    public static String keyOf(String rule, String tenant, String stream, Map<String, String> group) {
        StringBuilder b = new StringBuilder(64).append(rule).append('|').append(tenant).append('|').append(stream);
        group.forEach((k, v) -> b.append('|').append(k).append('=').append(v));
        return b.toString();
    }

    static String cut(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
    }
}
