package io.authstream.embedded.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;

/**
 * Builds realistic Auth0 log-stream events ({@code {"log_id":…,"data":{…}}}, about 1 KB) from a
 * seeded {@link Random}: log ids shaped like Auth0's (56 digits, {@code 900} + timestamp), real
 * codes, descriptions, clients, connections, user agents, IPs and {@code details}.
 * Not thread-safe; one per generator.
 */
public final class EventFactory {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter LOG_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneOffset.UTC);
    static final List<String> USER_AGENTS = List.of(
            "Chrome 131.0.0 / Windows 10.0.0", "Firefox 133.0.0 / Ubuntu 0.0.0", "Safari 18.1.0 / Mac OS X 14.6.1",
            "Mobile Safari 18.1.0 / iOS 18.1.0", "Chrome Mobile 131.0.0 / Android 14.0.0", "Edge 131.0.0 / Windows 10.0.0",
            "okhttp 4.12.0 / Other 0.0.0", "python-requests 2.32.3 / Other 0.0.0");
    static final List<String[]> CLIENTS = List.of(
            new String[] {"aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY", "Storefront Web"},
            new String[] {"Zx8Cv6Bn4Mq2Wr0Ty8Ui6Op4As2Df0Gh", "Mobile App"},
            new String[] {"Hj7Kl5Zx3Cv1Bn9Mq7Wr5Ty3Ui1Op9As", "Partner Portal"},
            new String[] {"Qw2Er4Ty6Ui8Op0As2Df4Gh6Jk8Lz0Xc", "Backoffice M2M"});

    private final Random random;
    private final String tenant;
    private long sequence;

    public EventFactory(Random random, String tenant) {
        this.random = random;
        this.tenant = tenant;
    }

    /** A log id shaped like Auth0's: 56 digits starting with 900 and the event time. */
    public String logId(Instant date) {
        StringBuilder sb = new StringBuilder("900").append(LOG_ID_TIME.format(date));
        sb.append(String.format("%012d", ++sequence));
        while (sb.length() < 56) {
            sb.append((char) ('0' + random.nextInt(10)));
        }
        return sb.toString();
    }

    public String randomIp() {
        return (random.nextInt(200) + 11) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + (random.nextInt(253) + 1);
    }

    public String userId(int n) {
        return "auth0|" + String.format("%024x", 0x6543_0000_0000L + n);
    }

    public String userName(int n) {
        return "user" + n + "@example.com";
    }

    public String userAgent() {
        return USER_AGENTS.get(random.nextInt(USER_AGENTS.size()));
    }

    public String[] client() {
        return CLIENTS.get(random.nextInt(3));
    }

    public Random random() {
        return random;
    }

    /** A login-family event ({@code s}, {@code f}, {@code fp}, {@code fu}, {@code ss}, {@code fs}, {@code slo}, …). */
    public byte[] login(String type, Instant date, String ip, int user, String[] client, String description) {
        ObjectNode d = base(type, date, description);
        d.put("ip", ip);
        d.put("client_id", client[0]);
        d.put("client_name", client[1]);
        d.put("connection", "Username-Password-Authentication");
        d.put("connection_id", "con_Xk3TLf9mQe2wBv7A");
        d.put("strategy", "auth0");
        d.put("strategy_type", "database");
        d.put("user_id", type.equals("fu") ? "" : userId(user));
        d.put("user_name", userName(user));
        d.put("user_agent", userAgent());
        d.put("is_mobile", false);
        d.put("hostname", tenant + ".eu.auth0.com");
        d.put("audience", "https://api.example.com/");
        d.putArray("scope").add("openid").add("profile").add("email");
        ObjectNode details = d.putObject("details");
        details.putObject("prompts").put("name", "login").put("connection", "Username-Password-Authentication");
        details.put("initiatedAt", date.toEpochMilli() - 1800).put("completedAt", date.toEpochMilli())
                .put("elapsedTime", 1800).put("session_id", "sess_" + Long.toHexString(random.nextLong()));
        if (type.startsWith("f")) {
            details.putObject("error").put("message", description);
        }
        d.putObject("security_context").put("ja3", Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()))
                .put("ja4", "t13d1516h2_8daaf6152771_02713d6af862");
        return envelope(d);
    }

    /** A rate-limit event on the Management ({@code /api/v2/...}) or Authentication API. */
    public byte[] apiLimit(String type, Instant date, String[] client, boolean management) {
        ObjectNode d = base(type, date, type.equals("api_limit")
                ? "The maximum number of requests to the Authentication or Management APIs in a given time has been reached."
                : "The limit of requests to the Authentication or Management APIs in given time is about to be reached.");
        d.put("ip", "34.102.13.77");
        d.put("client_id", client[0]);
        d.put("client_name", client[1]);
        d.put("user_agent", "node-auth0 4.10.0 / Other 0.0.0");
        ObjectNode details = d.putObject("details");
        ObjectNode limit = details.putObject("limit");
        limit.put("bucket", management ? "per_tenant:management_api" : "per_ip:authentication_api_oauth_token");
        limit.put("global", management);
        limit.put("size", management ? 50 : 100);
        if (type.equals("api_limit_warning")) {
            limit.put("usage", 0.8);
        }
        details.putObject("request").put("method", management ? "GET" : "POST")
                .put("path", management ? "/api/v2/users" : "/oauth/token");
        details.put("response", "429 Too Many Requests");
        return envelope(d);
    }

    /** A Management API event: {@code sapi} (write succeeded) or {@code fapi} (operation failed). */
    public byte[] managementApi(String type, Instant date, String[] client, String path, int status) {
        ObjectNode d = base(type, date, type.equals("fapi") ? "Failed API Operation" : "Update a user");
        d.put("ip", "34.102.13.77");
        d.put("client_id", client[0]);
        d.put("client_name", client[1]);
        d.put("user_agent", "node-auth0 4.10.0 / Other 0.0.0");
        ObjectNode details = d.putObject("details");
        ObjectNode req = details.putObject("request");
        req.put("method", "PATCH").put("path", path).put("channel", "api").put("ip", "34.102.13.77");
        req.putObject("auth").put("strategy", "jwt").put("subject", client[0] + "@clients");
        ObjectNode resp = details.putObject("response");
        resp.put("statusCode", status);
        if (status >= 400) {
            resp.putObject("body").put("statusCode", status).put("error", status == 404 ? "Not Found" : "Bad Request")
                    .put("message", status == 404 ? "The user does not exist." : "Payload validation error: 'Invalid value'.")
                    .put("errorCode", status == 404 ? "inexistent_user" : "invalid_body");
        }
        return envelope(d);
    }

    /** A Guardian MFA event such as {@code gd_send_pn} or {@code gd_auth_rejected}. */
    public byte[] mfa(String type, Instant date, String ip, int user, String description) {
        ObjectNode d = base(type, date, description);
        d.put("ip", ip);
        d.put("user_id", userId(user));
        d.put("user_name", userName(user));
        d.put("user_agent", userAgent());
        d.put("client_id", CLIENTS.get(0)[0]);
        d.put("client_name", CLIENTS.get(0)[1]);
        d.putObject("details").put("enrollment_id", "dev_" + Long.toHexString(random.nextLong()))
                .put("authenticator_type", "push").put("device_name", "iPhone 15");
        return envelope(d);
    }

    /** A notice with few fields, e.g. {@code w} or {@code depnote}. */
    public byte[] notice(String type, Instant date, String description) {
        ObjectNode d = base(type, date, description);
        d.putObject("details").put("note", description);
        return envelope(d);
    }

    private ObjectNode base(String type, Instant date, String description) {
        ObjectNode d = JSON.createObjectNode();
        d.put("date", date.toString());
        d.put("type", type);
        d.put("description", description);
        d.put("tenant_name", tenant);
        d.put("environment_name", "prod-eu-1");
        d.putObject("$event_schema").put("version", "1.0.0");
        return d;
    }

    private byte[] envelope(ObjectNode data) {
        String id = logId(Instant.parse(data.get("date").asText()));
        data.put("log_id", id);
        ObjectNode env = JSON.createObjectNode();
        env.put("log_id", id);
        env.set("data", data);
        try {
            return JSON.writeValueAsString(env).getBytes(StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
