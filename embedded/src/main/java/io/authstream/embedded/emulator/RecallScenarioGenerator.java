package io.authstream.embedded.emulator;

import io.authstream.embedded.emulator.RecallLabel.Placement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Generates a labelled scenario for measuring recall, reproducibly from a seed and a start time:
 * benign traffic with daily seasonality kept under every default threshold, a legitimate launch
 * surge (four times the nominal rate on top for 30 minutes, at the usual failure ratio), and two instances of
 * every built-in attack kind that event replay can show (all but stream silence, which needs wall
 * time), one at a random offset and one centred on a clock boundary of its rule's window. Attacks
 * use their own IPs, users and clients, so each is labelled with the subject its alert must name.
 *
 * <p>The first {@value #WARM_UP_MINUTES} minutes are benign only, so the baseline rules are warm
 * before anything happens; the span must be at least 4 h so every window has a boundary to centre on.
 */
public final class RecallScenarioGenerator {
    static final int WARM_UP_MINUTES = 75;
    private static final Duration LAUNCH = Duration.ofMinutes(30);
    private static final Duration TAIL = Duration.ofMinutes(10);
    private final long seed;
    private final String tenant;

    public RecallScenarioGenerator(long seed, String tenant) {
        this.seed = seed;
        this.tenant = tenant;
    }

    /**
     * One attack kind at the analyzer's default settings: {@code events} events over {@code spread},
     * at least {@code threshold} of them in any {@code window}.
     */
    record Kind(String rule, Duration window, long threshold, int events, Duration spread, boolean tenantWide) {
    }

    static final List<Kind> KINDS = List.of(
            new Kind("credential-stuffing", Duration.ofHours(1), 20, 24, Duration.ofMinutes(40), false),
            new Kind("brute-force", Duration.ofMinutes(10), 5, 7, Duration.ofMinutes(6), false),
            new Kind("rate-limit", Duration.ofMinutes(5), 1, 3, Duration.ofMinutes(2), false),
            new Kind("rate-limit-warning", Duration.ofMinutes(5), 1, 2, Duration.ofMinutes(1), false),
            new Kind("rate-limit-burst", Duration.ofHours(1), 1, 1, Duration.ZERO, false),
            new Kind("management-api-failures", Duration.ofMinutes(5), 5, 7, Duration.ofMinutes(4), false),
            new Kind("mfa-push-fatigue", Duration.ofMinutes(30), 5, 7, Duration.ofMinutes(20), false),
            new Kind("mfa-failures", Duration.ofMinutes(15), 5, 7, Duration.ofMinutes(10), false),
            new Kind("signup-surge", Duration.ofHours(1), 20, 26, Duration.ofMinutes(40), false),
            new Kind("refresh-token-reuse", Duration.ofHours(1), 1, 1, Duration.ZERO, false),
            new Kind("breached-password", Duration.ofHours(1), 1, 1, Duration.ZERO, false),
            new Kind("attack-protection", Duration.ofMinutes(60), 1, 1, Duration.ZERO, false),
            // baseline rules: the floor (30 each) is the limit a warm baseline of this traffic gives
            new Kind("failure-spike", Duration.ofMinutes(1), 31, 90, Duration.ofSeconds(58), true),
            new Kind("mfa-toll-fraud", Duration.ofMinutes(1), 31, 60, Duration.ofSeconds(50), true),
            new Kind("unknown-event-code", Duration.ofDays(1), 1, 1, Duration.ZERO, false));

    private record Timed(long time, byte[] json) {
    }

    private record Pending(Kind kind, Set<String> subjects, Placement placement, List<Timed> events) {
    }

    public RecallScenario generate(Instant start, Duration span, int perMinute) {
        if (span.compareTo(Duration.ofHours(4)) < 0 || perMinute <= 0) {
            throw new IllegalArgumentException("a recall scenario needs a span of at least 4h and a positive rate, was "
                    + span + " and " + perMinute);
        }
        Random r = new Random(seed);
        EventFactory f = new EventFactory(r, tenant);
        long s = start.toEpochMilli();
        long e = start.plus(span).toEpochMilli();
        long from = s + Duration.ofMinutes(WARM_UP_MINUTES).toMillis();
        long to = e - TAIL.toMillis();
        long launch = from + (long) (r.nextDouble() * (to - from - LAUNCH.toMillis()));
        List<Timed> out = new ArrayList<>();
        benign(f, out, s, e, perMinute, true);
        // the launch: four times the nominal rate on top, whatever the time of day, at the usual mix
        benign(f, out, launch, launch + LAUNCH.toMillis(), 4 * perMinute, false);
        List<Pending> attacks = new ArrayList<>();
        for (Kind k : KINDS) {
            // a tenant-wide rule's two instances must not overlap each other or the launch
            List<long[]> busy = new ArrayList<>();
            busy.add(new long[] {launch - TAIL.toMillis(), launch + LAUNCH.toMillis() + TAIL.toMillis()});
            for (Placement p : Placement.values()) {
                if (p == Placement.BOUNDARY && k.window().compareTo(Duration.ofHours(1)) > 0) {
                    continue; // a day-long window has no boundary inside the span
                }
                long t0 = place(r, k, p, from, to, busy);
                attacks.add(attack(f, r, k, p, t0));
            }
        }
        Map<Timed, Pending> owner = new IdentityHashMap<>();
        for (Pending a : attacks) {
            for (Timed t : a.events()) {
                owner.put(t, a);
                out.add(t);
            }
        }
        out.sort(Comparator.comparingLong(Timed::time)); // stable: equal times keep their order
        Map<Timed, Integer> index = new IdentityHashMap<>();
        List<byte[]> events = new ArrayList<>(out.size());
        long[] times = new long[out.size()];
        for (int i = 0; i < out.size(); i++) {
            index.put(out.get(i), i);
            events.add(out.get(i).json());
            times[i] = out.get(i).time();
        }
        List<RecallLabel> labels = new ArrayList<>();
        for (Pending a : attacks) {
            int[] idx = a.events().stream().mapToInt(index::get).sorted().toArray();
            int crossing = idx[(int) Math.min(idx.length, a.kind().threshold()) - 1];
            labels.add(new RecallLabel(a.kind().rule(), a.subjects(), a.kind().window(), a.kind().threshold(),
                    a.placement(), idx, crossing, Instant.ofEpochMilli(times[idx[0]]),
                    Instant.ofEpochMilli(times[idx[idx.length - 1]])));
        }
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("seed", Long.toString(seed));
        facts.put("start", start.toString());
        facts.put("span", span.toString());
        facts.put("launch.from", Instant.ofEpochMilli(launch).toString());
        facts.put("launch.to", Instant.ofEpochMilli(launch + LAUNCH.toMillis()).toString());
        facts.put("events", Integer.toString(events.size()));
        facts.put("attacks", Integer.toString(labels.size()));
        return new RecallScenario(events, times, labels, facts);
    }

    /** Where an attack starts: anywhere after warm-up, or so that its middle falls on a window boundary. */
    private static long place(Random r, Kind k, Placement p, long from, long to, List<long[]> busy) {
        long spread = k.spread().toMillis();
        long w = k.window().toMillis();
        for (int attempt = 0; attempt < 1000; attempt++) {
            long t0;
            if (p == Placement.RANDOM) {
                t0 = from + (long) (r.nextDouble() * (to - from - spread));
            } else {
                long lo = Math.floorDiv(from + spread / 2 + w - 1, w);
                long hi = Math.floorDiv(to - spread / 2 - spread % 2, w);
                if (hi < lo) {
                    throw new IllegalStateException(k.rule() + ": no " + k.window() + " boundary inside the span");
                }
                t0 = (lo + (long) (r.nextDouble() * (hi - lo + 1))) * w - spread / 2;
            }
            if (!k.tenantWide()) {
                return t0;
            }
            long a = t0 - TAIL.toMillis();
            long b = t0 + spread + 2 * TAIL.toMillis();
            if (busy.stream().noneMatch(x -> a < x[1] && x[0] < b)) {
                busy.add(new long[] {a, b});
                return t0;
            }
        }
        throw new IllegalStateException(k.rule() + ": no room for another tenant-wide attack in the span");
    }

    /** {@code k.events()} events evenly over the spread from {@code t0}; their middle is {@code t0 + spread/2}. */
    private Pending attack(EventFactory f, Random r, Kind k, Placement p, long t0) {
        List<Timed> ev = new ArrayList<>();
        int n = k.events();
        long spread = k.spread().toMillis();
        int user = 1_000_000 + r.nextInt(1_000_000_000);
        String ip = f.randomIp();
        String[] client = {clientId(r), "Recall Client " + Integer.toHexString(user)};
        Set<String> subjects = switch (k.rule()) {
            case "credential-stuffing", "signup-surge", "attack-protection" -> Set.of(ip);
            case "rate-limit", "rate-limit-warning", "rate-limit-burst", "management-api-failures" -> Set.of(client[0]);
            case "failure-spike", "mfa-toll-fraud" -> Set.of();
            case "unknown-event-code" -> Set.of(unknownCode(t0));
            default -> Set.of(f.userName(user), f.userId(user));
        };
        for (int i = 0; i < n; i++) {
            long t = n > 1 ? t0 + Math.round((double) i * spread / (n - 1)) : t0;
            Instant at = Instant.ofEpochMilli(t);
            byte[] json = switch (k.rule()) {
                case "credential-stuffing" -> f.login(i % 3 == 0 ? "fu" : "fp", at, ip, user + i, EventFactory.CLIENTS.get(0),
                        "Wrong email or password.");
                case "brute-force" -> f.login("fp", at, i % 2 == 0 ? ip : f.randomIp(), user, EventFactory.CLIENTS.get(0),
                        "Wrong email or password.");
                case "rate-limit" -> f.apiLimit("api_limit", at, client, true);
                case "rate-limit-warning" -> f.apiLimit("api_limit_warning", at, client, true);
                case "rate-limit-burst" -> f.apiLimit("appi", at, client, false);
                case "management-api-failures" -> f.managementApi("fapi", at, client, "/api/v2/users/" + f.userId(user + i), 404);
                case "mfa-push-fatigue" -> f.mfa("gd_send_pn", at, ip, user, "Push notification sent");
                case "mfa-failures" -> f.mfa("gd_auth_failed", at, ip, user, "MFA authentication failed");
                case "signup-surge" -> f.login(i % 4 == 0 ? "fs" : "ss", at, ip, user + i, EventFactory.CLIENTS.get(0),
                        i % 4 == 0 ? "Password is too weak" : "Successful signup");
                case "refresh-token-reuse" -> f.login("ferrt", at, ip, user, client, "Refresh token reuse detected");
                case "breached-password" -> f.login("pwd_leak", at, ip, user, EventFactory.CLIENTS.get(0),
                        "This login was blocked because the password you are using was previously disclosed.");
                case "attack-protection" -> f.login("limit_wc", at, ip, user, EventFactory.CLIENTS.get(0),
                        "Blocked Account: An IP address is blocked with 10 failed login attempts into a single account.");
                case "failure-spike" -> f.login(i % 3 == 0 ? "fu" : "fp", at, f.randomIp(), user + i,
                        EventFactory.CLIENTS.get(i % 3), "Wrong email or password.");
                case "mfa-toll-fraud" -> f.mfa("gd_send_sms", at, f.randomIp(), user + i, "SMS sent");
                case "unknown-event-code" -> f.notice(unknownCode(t0), at, "An event code the catalogue does not know");
                default -> throw new IllegalArgumentException(k.rule());
            };
            ev.add(new Timed(t, json));
        }
        return new Pending(k, subjects, p, ev);
    }

    /** Unique per seed and start, so a second run on the same stack is a first sighting again. */
    private String unknownCode(long t0) {
        return "recall_probe_" + Long.toHexString(seed) + "_" + Long.toHexString(t0 / 60_000);
    }

    private static String clientId(Random r) {
        String abc = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        StringBuilder b = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            b.append(abc.charAt(r.nextInt(abc.length())));
        }
        return b.toString();
    }

    /**
     * Benign traffic from {@code s} to {@code e} at {@code perMinute} on average, shaped by time of
     * day if {@code daily} ({@code 1 + 0.5·sin}, highest at 15:00 UTC, lowest at 03:00): logins, token exchanges,
     * logouts, about 5 % failed logins, signups, admin writes and a few MFA pushes and SMS, spread
     * over 20,000 users and random IPs so no group nears a threshold.
     */
    private static void benign(EventFactory f, List<Timed> out, long s, long e, int perMinute, boolean daily) {
        Random r = f.random();
        double peakPerMs = (daily ? 1.5 : 1.0) * perMinute / 60_000.0;
        for (long t = s; ; ) {
            t += (long) Math.ceil(-Math.log(1 - r.nextDouble()) / peakPerMs);
            if (t >= e) {
                return;
            }
            if (daily && r.nextDouble() * 1.5 > seasonal(t)) {
                continue;
            }
            Instant at = Instant.ofEpochMilli(t);
            int user = r.nextInt(20_000);
            String ip = f.randomIp();
            String[] client = f.client();
            int roll = r.nextInt(1000);
            byte[] json;
            if (roll < 560) {
                json = f.login("s", at, ip, user, client, "Successful login");
            } else if (roll < 660) {
                json = f.login("ssa", at, ip, user, client, "Successful silent authentication");
            } else if (roll < 760) {
                json = f.login("seacft", at, ip, user, client, "Authorization Code for Access Token");
            } else if (roll < 820) {
                json = f.login("slo", at, ip, user, client, "User successfully logged out");
            } else if (roll < 860) {
                json = f.login("sertft", at, ip, user, client, "Refresh Token for Access Token");
            } else if (roll < 890) {
                json = f.login("fp", at, ip, user, client, "Wrong email or password.");
            } else if (roll < 905) {
                json = f.login("fu", at, ip, user, client, "Wrong email or password.");
            } else if (roll < 920) {
                json = f.login("ss", at, ip, 20_000 + r.nextInt(1_000_000), client, "Successful signup");
            } else if (roll < 935) {
                json = f.managementApi("sapi", at, f.client(), "/api/v2/users/" + f.userId(user), 200);
            } else if (roll < 950) {
                json = f.login("scp", at, ip, user, client, "Successful change password");
            } else if (roll < 955) {
                json = f.mfa("gd_send_pn", at, ip, user, "Push notification sent");
            } else if (roll < 965) {
                json = f.mfa("gd_send_sms", at, ip, user, "SMS sent");
            } else {
                json = f.notice("w", at, "Warnings during login");
            }
            out.add(new Timed(t, json));
        }
    }

    /** Relative traffic at {@code t}: {@code 1 + 0.5·sin(2π·(hour − 9)/24)}, between 0.5 and 1.5. */
    static double seasonal(long t) {
        double hour = Math.floorMod(t, 86_400_000L) / 3_600_000.0;
        return 1 + 0.5 * Math.sin(2 * Math.PI * (hour - 9) / 24);
    }
}
