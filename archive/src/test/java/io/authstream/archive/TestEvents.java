package io.authstream.archive;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/** Realistic Auth0 log-stream events for tests and the benchmark (~1 KB each). */
public final class TestEvents {
    private static final String[] TYPES = {"f", "s", "fp", "fu", "sapi", "fapi", "api_limit", "limit_wc", "seacft", "gd_auth_failed"};

    private TestEvents() {
    }

    /** The {@code log_id} of event number {@code n} of a run named {@code run}. */
    public static String logId(String run, long n) {
        return "900" + run + String.format(Locale.ROOT, "%012d", n);
    }

    public static byte[] event(String run, long n) {
        String type = TYPES[(int) (n % TYPES.length)];
        Instant date = Instant.parse("2026-11-20T00:00:00Z").plusSeconds(n * 7 % (6 * 86400));
        String ip = "198.51.100." + (n % 200 + 1);
        return event(logId(run, n), type, date, ip, "auth0|user" + (n % 50), "user" + (n % 50) + "@example.com");
    }

    public static byte[] event(String logId, String type, Instant date, String ip, String userId, String userName) {
        String json = "{\"log_id\":\"" + logId + "\",\"data\":{\"date\":\"" + date + "\",\"type\":\"" + type + "\","
                + "\"description\":\"Wrong email or password.\",\"connection\":\"Username-Password-Authentication\","
                + "\"connection_id\":\"con_9a8B7c6D5e4F3g2H\",\"client_id\":\"aBcDeFgHiJkLmNoPqRsTuVwXyZ012345\","
                + "\"client_name\":\"Customer Portal\",\"ip\":\"" + ip + "\",\"user_agent\":\"Mozilla/5.0 (X11; Linux x86_64) "
                + "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36\",\"is_mobile\":false,"
                + "\"details\":{\"error\":{\"message\":\"Wrong email or password.\"},\"stats\":{\"loginsCount\":3},"
                + "\"initiatedAt\":1764201600000,\"completedAt\":1764201600412,\"elapsedTime\":412,"
                + "\"prompts\":[{\"name\":\"login\",\"completedAt\":1764201600400,\"flow\":\"universal-login\"}]},"
                + "\"hostname\":\"login.example.com\",\"user_id\":\"" + userId + "\",\"user_name\":\"" + userName + "\","
                + "\"strategy\":\"auth0\",\"strategy_type\":\"database\",\"tenant_name\":\"example-prod\","
                + "\"security_context\":{\"ja3\":\"771,4865-4866-4867,0-23-65281,29-23-24,0\",\"ja4\":\"t13d1516h2_8daaf6152771_b186095e22b6\"},"
                + "\"log_id\":\"" + logId + "\"}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
