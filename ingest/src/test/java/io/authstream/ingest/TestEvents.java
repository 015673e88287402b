package io.authstream.ingest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** Auth0-shaped events and bodies for tests. */
public final class TestEvents {
    private TestEvents() {
    }

    /** A realistic failed-login event with this log_id. */
    public static String event(String logId) {
        return event(logId, "fp");
    }

    public static String event(String logId, String type) {
        return "{\"log_id\":\"" + logId + "\",\"data\":{\"date\":\"2026-11-27T10:15:30.123Z\",\"type\":\"" + type + "\","
                + "\"description\":\"Wrong email or password.\",\"connection\":\"Username-Password-Authentication\","
                + "\"client_id\":\"AaiyAPdpYdesoKnqjj8HJqRn4T5titww\",\"client_name\":\"My App\",\"ip\":\"203.0.113.7\","
                + "\"user_agent\":\"Chrome 120.0.0 / Mac OS X 10.15.7\",\"details\":{\"error\":{\"message\":\"Wrong email or password.\"}},"
                + "\"user_id\":\"auth0|5f7c8ec7c33c6c004bbafe82\",\"user_name\":\"jane@example.com\",\"log_id\":\"" + logId + "\"}}";
    }

    public static String lines(List<String> events) {
        return String.join("\n", events) + "\n";
    }

    public static String array(List<String> events) {
        return events.stream().collect(Collectors.joining(",", "[", "]"));
    }

    public static List<String> events(String prefix, int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> event(prefix + "-" + i)).toList();
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
