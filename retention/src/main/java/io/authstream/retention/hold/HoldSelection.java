package io.authstream.retention.hold;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.authstream.retention.es.Q;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which archived events a legal hold covers: all given criteria must match (AND). At least one is
 * required. {@code ip} is an address or a CIDR range on {@code source.ip}; the time range is
 * {@code from} (inclusive) to {@code to} (exclusive) on {@code @timestamp}.
 */
public record HoldSelection(String tenant, String userId, String ip, Instant from, Instant to) {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(/\\d{1,2})?");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*(/\\d{1,3})?");

    public HoldSelection {
        tenant = blankToNull(tenant);
        userId = blankToNull(userId);
        ip = blankToNull(ip);
        if (tenant == null && userId == null && ip == null && from == null && to == null) {
            throw new IllegalArgumentException("A legal hold needs a selection: at least one of tenant, user id, IP or time range.");
        }
        if (ip != null && !validIp(ip)) {
            throw new IllegalArgumentException("The hold IP must be an IPv4/IPv6 address or CIDR range, was '" + ip + "'.");
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("The hold time range must start before it ends, was " + from + " to " + to + ".");
        }
    }

    private static boolean validIp(String ip) {
        var m = IPV4.matcher(ip);
        if (m.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(m.group(i)) > 255) {
                    return false;
                }
            }
            return m.group(5) == null || Integer.parseInt(m.group(5).substring(1)) <= 32;
        }
        return IPV6.matcher(ip).matches();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** The Elasticsearch query for the held events. */
    public ObjectNode query() {
        Q.Bool b = Q.bool();
        if (tenant != null) {
            b.filter(Q.term("authstream.tenant", tenant));
        }
        if (userId != null) {
            b.filter(Q.term("user.id", userId));
        }
        if (ip != null) {
            b.filter(Q.term("source.ip", ip));
        }
        if (from != null || to != null) {
            b.filter(Q.range("@timestamp", from, to));
        }
        return b.build();
    }

    /** For people: {@code tenant=acme user.id=u1 source.ip=10.0.0.0/8 @timestamp=[2026-01-01T00:00:00Z, ...)}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (tenant != null) {
            parts.add("tenant=" + tenant);
        }
        if (userId != null) {
            parts.add("user.id=" + userId);
        }
        if (ip != null) {
            parts.add("source.ip=" + ip);
        }
        if (from != null || to != null) {
            parts.add("@timestamp=[" + (from == null ? "..." : from) + ", " + (to == null ? "..." : to) + ")");
        }
        return String.join(" ", parts);
    }

    public ObjectNode toJson() {
        ObjectNode n = Q.obj();
        put(n, "tenant", tenant);
        put(n, "user_id", userId);
        put(n, "ip", ip);
        put(n, "from", from == null ? null : from.toString());
        put(n, "to", to == null ? null : to.toString());
        return n;
    }

    public static HoldSelection fromJson(JsonNode n) {
        return new HoldSelection(text(n, "tenant"), text(n, "user_id"), text(n, "ip"),
                n.hasNonNull("from") ? Instant.parse(n.get("from").asText()) : null,
                n.hasNonNull("to") ? Instant.parse(n.get("to").asText()) : null);
    }

    private static String text(JsonNode n, String f) {
        return n.hasNonNull(f) ? n.get(f).asText() : null;
    }

    private static void put(ObjectNode n, String f, String v) {
        if (v != null) {
            n.put(f, v);
        }
    }
}
