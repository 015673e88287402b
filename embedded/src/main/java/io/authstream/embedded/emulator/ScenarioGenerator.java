package io.authstream.embedded.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates reproducible traffic: the same seed, scenario, start and span give the same bytes.
 * Normal traffic runs at {@code normalPerMinute} across the whole span, kept below every default
 * detection threshold; attacks are placed at fixed fractions of the span.
 */
public final class ScenarioGenerator {
    private final long seed;
    private final String tenant;

    public ScenarioGenerator(long seed, String tenant) {
        this.seed = seed;
        this.tenant = tenant;
    }

    private record Timed(Instant date, byte[] json) {
    }

    public Traffic generate(Scenario scenario, Instant start, Duration span, int normalPerMinute) {
        Random random = new Random(seed);
        EventFactory f = new EventFactory(random, tenant);
        List<Timed> out = new ArrayList<>();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("tenant", tenant);
        Instant end = start.plus(span);
        Instant silenceFrom = null;
        Instant silenceTo = null;
        if (scenario == Scenario.STREAM_SILENCE) {
            silenceFrom = start.plus(span.dividedBy(3));
            silenceTo = silenceFrom.plus(Duration.ofMinutes(20));
            facts.put("silence.from", silenceFrom.toString());
            facts.put("silence.to", silenceTo.toString());
        }
        normal(f, out, start, end, normalPerMinute, silenceFrom, silenceTo);
        Instant third = start.plus(span.dividedBy(3));
        Instant half = start.plus(span.dividedBy(2));
        Instant twoThirds = start.plus(span.multipliedBy(2).dividedBy(3));
        switch (scenario) {
            case CREDENTIAL_STUFFING -> credentialStuffing(f, out, third, facts);
            case BRUTE_FORCE -> bruteForce(f, out, third, facts);
            case RATE_LIMIT_STORM -> rateLimitStorm(f, out, third, facts);
            case MANAGEMENT_API_FAILURES -> fapiBurst(f, out, third, facts);
            case MFA_PUSH_FATIGUE -> pushFatigue(f, out, third, facts);
            case SIGNUP_SURGE -> signupSurge(f, out, third, facts);
            case MIXED -> {
                credentialStuffing(f, out, third, facts);
                rateLimitStorm(f, out, half, facts);
                fapiBurst(f, out, twoThirds, facts);
            }
            default -> {
                // NORMAL and STREAM_SILENCE carry only normal traffic
            }
        }
        out.sort(Comparator.comparing(Timed::date));
        List<byte[]> events = new ArrayList<>(out.size());
        out.forEach(t -> events.add(t.json()));
        facts.put("events", String.valueOf(events.size()));
        return new Traffic(events, facts);
    }

    private static void normal(EventFactory f, List<Timed> out, Instant start, Instant end, int perMinute,
                               Instant silenceFrom, Instant silenceTo) {
        if (perMinute <= 0) {
            return;
        }
        Random r = f.random();
        long stepMillis = Math.max(1, 60_000L / perMinute);
        for (Instant t = start; t.isBefore(end); t = t.plusMillis(1 + r.nextLong(2 * stepMillis))) {
            if (silenceFrom != null && !t.isBefore(silenceFrom) && t.isBefore(silenceTo)) {
                continue;
            }
            int user = r.nextInt(5000);
            String ip = f.randomIp();
            int roll = r.nextInt(1000);
            String[] client = f.client();
            byte[] e;
            if (roll < 600) {
                e = f.login("s", t, ip, user, client, "Successful login");
            } else if (roll < 700) {
                e = f.login("ssa", t, ip, user, client, "Successful silent authentication");
            } else if (roll < 800) {
                e = f.login("seacft", t, ip, user, client, "Authorization Code for Access Token");
            } else if (roll < 860) {
                e = f.login("slo", t, ip, user, client, "User successfully logged out");
            } else if (roll < 900) {
                e = f.login("sertft", t, ip, user, client, "Refresh Token for Access Token");
            } else if (roll < 930) {
                e = f.login("fp", t, ip, user, client, "Wrong email or password.");
            } else if (roll < 945) {
                e = f.login("fu", t, ip, user, client, "Wrong email or password.");
            } else if (roll < 960) {
                e = f.login("ss", t, ip, user, client, "Successful signup");
            } else if (roll < 975) {
                e = f.managementApi("sapi", t, f.client(), "/api/v2/users/" + f.userId(user), 200);
            } else if (roll < 990) {
                e = f.login("scp", t, ip, user, client, "Successful change password");
            } else {
                e = f.notice("w", t, "Warnings during login");
            }
            out.add(new Timed(t, e));
        }
    }

    /** 60 failed logins from one IP across 40 users within 5 minutes, then a success from it. */
    private static void credentialStuffing(EventFactory f, List<Timed> out, Instant at, Map<String, String> facts) {
        String ip = "185.220.101.47";
        facts.put("credential-stuffing.ip", ip);
        facts.put("credential-stuffing.failures", "60");
        facts.put("credential-stuffing.users", "40");
        for (int i = 0; i < 60; i++) {
            Instant t = at.plusMillis(i * 5_000L);
            int user = 100_000 + (i % 40);
            String type = i % 3 == 0 ? "fu" : "fp";
            out.add(new Timed(t, f.login(type, t, ip, user, EventFactory.CLIENTS.get(0), "Wrong email or password.")));
        }
        Instant win = at.plusSeconds(301);
        facts.put("credential-stuffing.compromised-user", f.userId(100_007));
        out.add(new Timed(win, f.login("s", win, ip, 100_007, EventFactory.CLIENTS.get(0), "Successful login")));
    }

    /** 8 wrong passwords for one user from 2 IPs in 4 minutes, a success, then limit_wc. */
    private static void bruteForce(EventFactory f, List<Timed> out, Instant at, Map<String, String> facts) {
        int user = 424_242;
        facts.put("brute-force.user_id", f.userId(user));
        for (int i = 0; i < 8; i++) {
            Instant t = at.plusSeconds(i * 30L);
            out.add(new Timed(t, f.login("fp", t, i % 2 == 0 ? "45.155.205.233" : "45.155.205.234", user,
                    EventFactory.CLIENTS.get(0), "Wrong email or password.")));
        }
        Instant s = at.plusSeconds(250);
        out.add(new Timed(s, f.login("s", s, "45.155.205.233", user, EventFactory.CLIENTS.get(0), "Successful login")));
        Instant blocked = at.plusSeconds(260);
        out.add(new Timed(blocked, f.login("limit_wc", blocked, "45.155.205.234", user, EventFactory.CLIENTS.get(0),
                "Blocked Account: An IP address is blocked with 10 failed login attempts into a single account from the same IP address.")));
    }

    /** 3 warnings, then 30 api_limit on the Management API and 5 on the Authentication API within 2 minutes. */
    private static void rateLimitStorm(EventFactory f, List<Timed> out, Instant at, Map<String, String> facts) {
        String[] mgmt = EventFactory.CLIENTS.get(3);
        String[] auth = EventFactory.CLIENTS.get(1);
        facts.put("rate-limit.management.client_id", mgmt[0]);
        facts.put("rate-limit.authentication.client_id", auth[0]);
        for (int i = 0; i < 3; i++) {
            Instant t = at.plusSeconds(i);
            out.add(new Timed(t, f.apiLimit("api_limit_warning", t, mgmt, true)));
        }
        for (int i = 0; i < 30; i++) {
            Instant t = at.plusSeconds(5 + i * 4L);
            out.add(new Timed(t, f.apiLimit("api_limit", t, mgmt, true)));
        }
        for (int i = 0; i < 5; i++) {
            Instant t = at.plusSeconds(10 + i * 10L);
            out.add(new Timed(t, f.apiLimit("api_limit", t, auth, false)));
        }
    }

    /** 12 failed Management API operations from one client within 3 minutes. */
    private static void fapiBurst(EventFactory f, List<Timed> out, Instant at, Map<String, String> facts) {
        String[] client = EventFactory.CLIENTS.get(3);
        facts.put("fapi.client_id", client[0]);
        facts.put("fapi.count", "12");
        for (int i = 0; i < 12; i++) {
            Instant t = at.plusSeconds(i * 15L);
            out.add(new Timed(t, f.managementApi("fapi", t, client, "/api/v2/users/auth0|" + (900 + i), i % 2 == 0 ? 404 : 400)));
        }
    }

    /** 8 push notifications to one user in 10 minutes, 3 of them rejected. */
    private static void pushFatigue(EventFactory f, List<Timed> out, Instant at, Map<String, String> facts) {
        int user = 777_001;
        facts.put("mfa.user_id", f.userId(user));
        for (int i = 0; i < 8; i++) {
            Instant t = at.plusSeconds(i * 75L);
            out.add(new Timed(t, f.mfa("gd_send_pn", t, "91.92.109.14", user, "Push notification sent")));
            if (i % 3 == 2) {
                Instant r = t.plusSeconds(20);
                out.add(new Timed(r, f.mfa("gd_auth_rejected", r, "91.92.109.14", user, "MFA request was rejected by the user")));
            }
        }
    }

    /** 30 signups (ss and fs) from one IP within 15 minutes. */
    private static void signupSurge(EventFactory f, List<Timed> out, Instant at, Map<String, String> facts) {
        String ip = "103.151.172.9";
        facts.put("signup.ip", ip);
        for (int i = 0; i < 30; i++) {
            Instant t = at.plusSeconds(i * 30L);
            String type = i % 4 == 0 ? "fs" : "ss";
            out.add(new Timed(t, f.login(type, t, ip, 300_000 + i, EventFactory.CLIENTS.get(0),
                    type.equals("ss") ? "Successful signup" : "Password is too weak")));
        }
    }
}
