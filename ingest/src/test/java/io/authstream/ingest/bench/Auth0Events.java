package io.authstream.ingest.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Realistic Auth0 log events of about 1 KB and varied codes: a pool of distinct events (random times,
 * IPs, users, sessions, clients, user agents, TLS fingerprints, timings) built once from per-code
 * templates, each with a fixed-width run of digits in its {@code log_id} (top level and in
 * {@code data}) patched per use, so a load generator makes unique events at memory-copy speed and
 * the bytes compress like real logs, not like one repeated template.
 */
final class Auth0Events {
    static final int SEQ_DIGITS = 20;
    private static final String PLACEHOLDER = "#".repeat(SEQ_DIGITS);
    private static final String LOG_ID = "9002026112710153012300" + PLACEHOLDER;
    private static final String[] AGENTS = {
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36 Edg/119.0.2151.93",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
        "Chrome 120.0.0 / Mac OS X 10.15.7", "Firefox 125.0.0 / Arch 0.0.0", "node-auth0/4.3.1", "okhttp/4.12.0"};
    private static final String[][] CLIENTS = {{"AaiyAPdpYdesoKnqjj8HJqRn4T5titww", "Acme Web"},
        {"Xk3Lq9ZpB2mN7vR4tY6uW8sD1fG5hJ0c", "Acme iOS"}, {"Pq7Rt2Yv5Bn8Mz1Lx4Kc6Jh9Gf3Ds0Aw", "Acme Android"},
        {"Hn4Bv7Cx2Zl5Kj8Mq1Wr3Et6Yu9Io0Pa", "Log exporter"}, {"Md2Fg5Hj8Kl1Zx4Cv7Bn0Qw3Er6Ty9Ui", "Partner portal"}};
    private static final String[] CONNECTIONS = {"Username-Password-Authentication", "google-oauth2", "acme-saml", "sms"};
    private static final String[] FIRST = {"jane", "john", "amira", "li", "olga", "pedro", "sam", "noah", "mia", "ken", "fatima", "yuki"};
    private static final String[] DOMAINS = {"example.com", "acme.io", "mail.example.org", "corp.example.net"};
    private static final String[] JA3 = {"771,4865-4866-4867-49195-49199,0-23-65281-10-11-35-16-5-13-18-51-45-43-27-21,29-23-24,0",
        "771,4865-4867-4866-49195-49199-52393,0-23-65281-10-11-16-5-34-51-43-13-45-28-21,29-23-24-25,0",
        "771,49195-49199-49196-49200-52393-52392,65281-0-23-35-13-5-18-16-30032-11-10,29-23-24,0"};
    private static final String[] JA4 = {"t13d1516h2_8daaf6152771_b0da82dd1658", "t13d1715h2_5b57614c22b0_3d5424432f57",
        "t13d1011h2_61a7ad8aa9b6_3fcd1a44f3e3"};
    private static final int POOL = 20_000;

    private final List<byte[]> templates = new ArrayList<>();
    private final List<int[]> holes = new ArrayList<>();

    Auth0Events() {
        java.util.Random random = new java.util.Random(42);
        List<String> kinds = sources();
        for (int i = 0; i < POOL; i++) {
            String t = fill(kinds.get(i % kinds.size()), random);
            byte[] b = t.getBytes(StandardCharsets.UTF_8);
            templates.add(b);
            List<Integer> at = new ArrayList<>();
            for (int j = t.indexOf(PLACEHOLDER); j >= 0; j = t.indexOf(PLACEHOLDER, j + 1)) {
                at.add(j); // the filled template is ASCII, so char and byte offsets agree
            }
            holes.add(at.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    /** Replaces the {@code {field}} markers of a template with random, plausible values. */
    private static String fill(String template, java.util.Random r) {
        String[] client = CLIENTS[r.nextInt(CLIENTS.length)];
        String user = FIRST[r.nextInt(FIRST.length)] + "." + FIRST[r.nextInt(FIRST.length)] + r.nextInt(1000) + "@" + DOMAINS[r.nextInt(DOMAINS.length)];
        int ms = r.nextInt(86_400_000);
        String date = String.format("2026-11-27T%02d:%02d:%02d.%03dZ", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
        long epoch = 1_764_201_600_000L + ms;
        return template.replace("{date}", date)
                .replace("{ip}", (1 + r.nextInt(223)) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254)))
                .replace("{uid}", hex(r, 24)).replace("{user}", user).replace("{sid}", b64(r, 22)).replace("{sid2}", b64(r, 22))
                .replace("{client_id}", client[0]).replace("{client_name}", client[1])
                .replace("{ua}", AGENTS[r.nextInt(AGENTS.length)]).replace("{conn}", CONNECTIONS[r.nextInt(CONNECTIONS.length)])
                .replace("{con_id}", "con_" + b64(r, 16)).replace("{ja3}", JA3[r.nextInt(JA3.length)]).replace("{ja4}", JA4[r.nextInt(JA4.length)])
                .replace("{epoch}", String.valueOf(epoch - r.nextInt(5000))).replace("{epoch2}", String.valueOf(epoch))
                .replace("{elapsed}", String.valueOf(50 + r.nextInt(3000))).replace("{n}", String.valueOf(r.nextInt(500)))
                .replace("{hex32}", hex(r, 32)).replace("{hex32b}", hex(r, 32)).replace("{trace}", hex(r, 32));
    }

    private static String hex(java.util.Random r, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append("0123456789abcdef".charAt(r.nextInt(16)));
        }
        return b.toString();
    }

    private static String b64(java.util.Random r, int n) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(r.nextInt(64)));
        }
        return b.toString();
    }

    int kinds() {
        return sources().size();
    }

    double averageSize() {
        return templates.stream().mapToInt(b -> b.length).average().orElse(0);
    }

    /** Event {@code seq} (a unique log_id) of pool entry {@code seq % POOL}. */
    byte[] event(long seq) {
        int k = (int) (seq % templates.size());
        byte[] out = templates.get(k).clone();
        patch(out, 0, holes.get(k), seq);
        return out;
    }

    /**
     * A body of {@code n} events starting at {@code firstSeq}: a JSON array, or JSON Lines.
     */
    byte[] body(long firstSeq, int n, boolean array) {
        int size = array ? 2 : 0;
        for (int i = 0; i < n; i++) {
            size += templates.get((int) ((firstSeq + i) % templates.size())).length + 1;
        }
        byte[] out = new byte[size];
        int pos = 0;
        if (array) {
            out[pos++] = '[';
        }
        for (int i = 0; i < n; i++) {
            long seq = firstSeq + i;
            int k = (int) (seq % templates.size());
            byte[] t = templates.get(k);
            System.arraycopy(t, 0, out, pos, t.length);
            patch(out, pos, holes.get(k), seq);
            pos += t.length;
            if (array) {
                if (i < n - 1) {
                    out[pos++] = ',';
                }
            } else {
                out[pos++] = '\n';
            }
        }
        if (array) {
            out[pos++] = ']';
        }
        return pos == out.length ? out : java.util.Arrays.copyOf(out, pos);
    }

    private static void patch(byte[] out, int base, int[] at, long seq) {
        for (int h : at) {
            long v = seq;
            for (int d = SEQ_DIGITS - 1; d >= 0; d--) {
                out[base + h + d] = (byte) ('0' + (v % 10));
                v /= 10;
            }
        }
    }

    private static List<String> sources() {
        String ua = "{ua}";
        List<String> out = new ArrayList<>();
        out.add(event("s", "Success Login", "{\"prompts\":[{\"name\":\"prompt-authenticate\",\"completedAt\":{epoch2},\"connection\":\"{conn}\",\"connection_id\":\"{con_id}\",\"strategy\":\"auth0\",\"identity\":\"{uid}\",\"stats\":{\"loginsCount\":{n}},\"elapsedTime\":{elapsed}}],\"initiatedAt\":{epoch},\"completedAt\":{epoch2},\"elapsedTime\":{elapsed},\"session_id\":\"{sid}\",\"stats\":{\"loginsCount\":{n}}}", ua));
        out.add(event("f", "Failed Login", "{\"error\":{\"message\":\"Invalid username or password\",\"oauthError\":\"invalid_grant\",\"type\":\"invalid-credentials\"},\"body\":{\"client_id\":\"AaiyAPdpYdesoKnqjj8HJqRn4T5titww\",\"grant_type\":\"password\",\"scope\":\"openid profile email offline_access\",\"audience\":\"https://api.example.com\"},\"qs\":{},\"connection\":\"Username-Password-Authentication\"}", ua));
        out.add(event("fp", "Wrong email or password.", "{\"error\":{\"message\":\"Wrong email or password.\"},\"prompts\":[{\"name\":\"prompt-authenticate\",\"initiatedAt\":{epoch},\"completedAt\":{epoch2},\"connection\":\"Username-Password-Authentication\",\"strategy\":\"auth0\",\"identity\":\"{uid}\",\"error\":{\"message\":\"Wrong email or password.\",\"name\":\"ValidationError\"},\"elapsedTime\":{elapsed}}],\"session_id\":\"{sid}\"}", ua));
        out.add(event("fu", "Wrong email or password.", "{\"error\":{\"message\":\"Wrong email or password.\"},\"prompts\":[{\"name\":\"prompt-authenticate\",\"initiatedAt\":{epoch},\"completedAt\":{epoch2},\"connection\":\"Username-Password-Authentication\",\"strategy\":\"auth0\",\"error\":{\"message\":\"Wrong email or password.\",\"name\":\"ValidationError\"},\"elapsedTime\":{elapsed}}],\"session_id\":\"{sid}\"}", ua));
        out.add(event("sapi", "Update a client", "{\"request\":{\"method\":\"patch\",\"path\":\"/api/v2/clients/AaiyAPdpYdesoKnqjj8HJqRn4T5titww\",\"query\":{},\"userAgent\":\"node-auth0/4.3.1\",\"body\":{\"callbacks\":[\"https://app.example.com/callback\"]},\"channel\":\"https://manage.auth0.com/\",\"ip\":\"{ip}\",\"auth\":{\"user\":{\"user_id\":\"google-oauth2|104867501234567890123\",\"name\":\"Ops Admin\",\"email\":\"ops@example.com\"},\"strategy\":\"jwt\",\"credentials\":{\"jti\":\"{hex32}\"}}},\"response\":{\"statusCode\":200,\"body\":{\"client_id\":\"AaiyAPdpYdesoKnqjj8HJqRn4T5titww\"}}}", "node-auth0/4.3.1"));
        out.add(event("seccft", "Authorization Code for Access Token", "{\"actions\":{\"executions\":[\"{hex32}{trace}\"]},\"audience\":\"https://api.example.com\",\"scope\":\"read:logs read:logs_users\",\"grant_type\":\"client_credentials\",\"client_name\":\"Log exporter\",\"expires_in\":86400,\"organization\":null}", "axios/1.6.2"));
        out.add(event("api_limit", "Rate limit exceeded", "{\"limit\":{\"bucket\":\"per_client\",\"global\":false,\"size\":10},\"request\":{\"method\":\"GET\",\"path\":\"/api/v2/users\"},\"response\":{\"statusCode\":429,\"body\":{\"error\":\"Too Many Requests\",\"message\":\"Global per second default group limit has been reached\"}}}", "node-auth0/4.3.1"));
        out.add(event("limit_wc", "Blocked Account", "{\"error\":{\"message\":\"Too many failed login attempts from this IP to this account; the account is blocked for this IP.\"},\"stats\":{\"failed_attempts\":{n}},\"connection\":\"Username-Password-Authentication\",\"initiatedAt\":{epoch},\"session_id\":\"{sid}\"}", ua));
        out.add(event("ss", "Success Signup", "{\"body\":{\"tenant\":\"acme-prod\",\"client_id\":\"AaiyAPdpYdesoKnqjj8HJqRn4T5titww\",\"connection\":\"Username-Password-Authentication\",\"email\":\"{user}\",\"password\":\"*****\",\"user_metadata\":{\"plan\":\"trial\",\"locale\":\"en-GB\"}},\"prompts\":[{\"name\":\"prompt-signup\",\"elapsedTime\":415}]}", ua));
        out.add(event("gd_send_sms", "Guardian - SMS sent", "{\"to\":\"+44*******123\",\"provider\":\"twilio\",\"message_id\":\"SM{hex32}\",\"authenticator\":{\"type\":\"sms\",\"id\":\"sms|dev_AbCdEfGhIjKlMnOp\"},\"enrollment_id\":\"dev_AbCdEfGhIjKlMnOp\",\"transaction\":{\"id\":\"tx_0123456789\"}}", ua));
        out.add(event("mgmt_api_read", "API GET operation returning secrets", "{\"request\":{\"method\":\"get\",\"path\":\"/api/v2/clients\",\"query\":{\"fields\":\"client_id,client_secret\",\"include_fields\":\"true\"},\"userAgent\":\"terraform-provider-auth0/1.2.0\",\"channel\":\"api\",\"ip\":\"{ip}\",\"auth\":{\"strategy\":\"jwt\",\"credentials\":{\"jti\":\"{hex32b}\",\"scopes\":[\"read:clients\",\"read:client_keys\"]}}},\"response\":{\"statusCode\":200}}", "terraform-provider-auth0/1.2.0"));
        out.add(event("slo", "Successful Logout", "{\"return_to\":\"https://app.example.com/goodbye\",\"allowed_logout_url\":[\"https://app.example.com/goodbye\",\"https://app.example.com/\"],\"session_id\":\"{sid}\",\"sid\":\"{sid2}\"}", ua));
        return out;
    }

    private static String event(String type, String description, String details, String userAgent) {
        return "{\"log_id\":\"" + LOG_ID + "\",\"data\":{\"date\":\"{date}\",\"type\":\"" + type + "\","
                + "\"description\":\"" + description + "\",\"connection\":\"{conn}\","
                + "\"connection_id\":\"{con_id}\",\"client_id\":\"{client_id}\","
                + "\"client_name\":\"{client_name}\",\"ip\":\"{ip}\",\"client_ip\":null,\"user_agent\":\"" + userAgent + "\","
                + "\"details\":" + details + ",\"hostname\":\"acme-prod.eu.auth0.com\","
                + "\"user_id\":\"auth0|{uid}\",\"user_name\":\"{user}\",\"strategy\":\"auth0\","
                + "\"strategy_type\":\"database\",\"tenant_name\":\"acme-prod\",\"$event_schema\":{\"version\":\"1.0.0\"},"
                + "\"security_context\":{\"ja3\":\"{ja3}\",\"ja4\":\"{ja4}\"},"
                + "\"references\":{\"trace_id\":\"{trace}\"},\"log_id\":\"" + LOG_ID + "\"}}";
    }
}
