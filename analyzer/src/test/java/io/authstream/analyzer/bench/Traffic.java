package io.authstream.analyzer.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Realistic mixed Auth0 traffic: mostly successful logins, silent auth and token exchanges, a few
 * percent failures, some signups, MFA, rate-limit warnings and Management API calls, a credential-
 * stuffing burst from one IP every 50,000 events, and 1 % redelivered duplicates. Events are about
 * 940 bytes, like real ones.
 */
final class Traffic {
    private static final String[] OK = {"s", "s", "s", "s", "ssa", "ssa", "seacft", "sertft", "seccft", "slo", "sapi"};
    private static final String[] FAIL = {"fp", "fu", "f", "fsa", "feacft", "gd_auth_failed"};
    private static final String[] RARE = {"ss", "fs", "gd_send_pn", "gd_send_sms", "api_limit_warning", "fapi", "pwd_leak",
            "limit_wc", "api_limit", "mgmt_api_read", "w"};
    private final SplittableRandom rnd;
    private final long startMillis;
    private final double eventsPerSecondOfEventTime;
    private long n;
    private String lastId;
    private byte[] last;

    Traffic(long seed, Instant start, double eventsPerSecondOfEventTime) {
        this.rnd = new SplittableRandom(seed);
        this.startMillis = start.toEpochMilli();
        this.eventsPerSecondOfEventTime = eventsPerSecondOfEventTime;
    }

    record Event(String logId, byte[] json) {
    }

    Event next() {
        n++;
        if (last != null && rnd.nextInt(100) == 0) {
            return new Event(lastId, last); // Auth0 redelivery
        }
        long t = startMillis + (long) (n * 1000 / eventsPerSecondOfEventTime) - rnd.nextInt(3000); // a little out of order
        String type;
        String ip;
        int user = rnd.nextInt(50_000);
        long burst = n % 50_000;
        if (burst < 60) {
            type = burst % 2 == 0 ? "fp" : "fu";
            ip = "203.0." + (n / 50_000 % 250) + ".66";
            user = (int) (burst % 30);
        } else {
            int r = rnd.nextInt(1000);
            type = r < 940 ? OK[rnd.nextInt(OK.length)] : r < 985 ? FAIL[rnd.nextInt(FAIL.length)] : RARE[rnd.nextInt(RARE.length)];
            ip = "10." + rnd.nextInt(40) + "." + rnd.nextInt(250) + "." + rnd.nextInt(250);
        }
        String id = "900" + t + String.format("%012d", n);
        String client = type.equals("sapi") || type.equals("fapi") || type.startsWith("api_limit") || type.equals("mgmt_api_read")
                ? "m2m-" + rnd.nextInt(5) : "spa-" + rnd.nextInt(20);
        String json = "{\"log_id\":\"" + id + "\",\"data\":{\"date\":\"" + Instant.ofEpochMilli(t) + "\",\"type\":\"" + type
                + "\",\"description\":\"" + (type.startsWith("f") ? "Wrong email or password." : "") + "\",\"connection\":"
                + "\"Username-Password-Authentication\",\"connection_id\":\"con_Xk4s8Ab3lZ0pQ9rT\",\"client_id\":\"" + client
                + "\",\"client_name\":\"Web App " + client + "\",\"ip\":\"" + ip + "\",\"user_agent\":\"Chrome 131.0.0 / "
                + "Mac OS X 10.15.7\",\"hostname\":\"login.example.com\",\"user_id\":\"auth0|" + user + "\",\"user_name\":"
                + "\"user" + user + "@example.com\",\"strategy\":\"auth0\",\"strategy_type\":\"database\",\"tenant_name\":"
                + "\"acme-prod\",\"details\":{\"prompts\":[{\"name\":\"lock-password-authenticate\",\"initiatedAt\":" + t
                + ",\"completedAt\":" + (t + 180) + ",\"connection\":\"Username-Password-Authentication\",\"strategy\":"
                + "\"auth0\",\"identity\":\"" + user + "\",\"stats\":{\"loginsCount\":" + rnd.nextInt(400) + "},\"elapsedTime\":"
                + "180}],\"request\":{\"method\":\"POST\",\"path\":\"" + (client.startsWith("m2m") ? "/api/v2/users" : "/usernamepassword/login")
                + "\"},\"limit\":{\"bucket\":\"per_client\",\"global\":false,\"size\":100,\"usage\":81}},\"log_id\":\"" + id
                + "\",\"$event_schema\":{\"version\":\"1.0.0\"}}}";
        lastId = id;
        last = json.getBytes(StandardCharsets.UTF_8);
        return new Event(id, last);
    }
}
