package io.authstream.schemas.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.authstream.schemas.catalogue.RetentionClass;
import io.authstream.schemas.config.Config;
import io.authstream.schemas.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How long archived Auth0 events may be kept: a maximum age per retention class, optional
 * per-tenant overrides, a minimum age below which retention never deletes anything, and a grace
 * period added to every limit. Schema: {@code json-schema/retention-policy.schema.json}.
 *
 * <p>File form (YAML or JSON; durations as {@code 400d}, {@code 12h}, {@code 30m} or ISO-8601):
 * <pre>
 * version: "2026-11-01"
 * minimum-age: 7d
 * grace: 1d
 * classes: {security: 400d, activity: 90d, noise: 30d}
 * tenants:
 *   acme-eu: {activity: 30d}
 * </pre>
 *
 * <p>An event of class {@code c} and tenant {@code t} is <em>expired</em> at instant {@code now}
 * when its event date is before {@link #cutoff}: {@code now - max(limit(c, t) + grace, minimumAge)}.
 *
 * @param version    recorded with every retention action, so an audit entry names the rules it obeyed
 * @param maxAge     limit per class; every class is present (missing ones take {@link #DEFAULT_MAX_AGE})
 * @param tenants    per-tenant limits that replace the class limit for that tenant only
 * @param minimumAge nothing younger is ever deleted by enforcement; every limit must be at least this
 * @param grace      slack added to every limit (late events, time between runs)
 */
public record RetentionPolicy(String version, Map<RetentionClass, Duration> maxAge,
                              Map<String, Map<RetentionClass, Duration>> tenants, Duration minimumAge, Duration grace) {

    /** Defaults and their reasons are in {@code docs/retention.md}. */
    public static final Map<RetentionClass, Duration> DEFAULT_MAX_AGE = Map.of(
            RetentionClass.SECURITY, Duration.ofDays(400),
            RetentionClass.ACTIVITY, Duration.ofDays(90),
            RetentionClass.NOISE, Duration.ofDays(30));
    public static final Duration DEFAULT_MINIMUM_AGE = Duration.ofDays(7);
    public static final Duration DEFAULT_GRACE = Duration.ofDays(1);
    /** Longer than anyone should keep authentication logs; catches unit mistakes such as {@code 4000d}. */
    public static final Duration MAX_LIMIT = Duration.ofDays(3660);
    private static final Set<String> TOP_LEVEL_KEYS = Set.of("version", "minimum-age", "grace", "classes", "tenants");
    private static final ObjectMapper JSON = new ObjectMapper();

    public RetentionPolicy {
        List<String> errors = new ArrayList<>();
        if (version == null || version.isBlank()) {
            errors.add("version must be set: it is recorded with every retention action");
        }
        if (minimumAge == null || minimumAge.isNegative()) {
            errors.add("minimum-age must be zero or positive, was " + minimumAge);
        }
        if (grace == null || grace.isNegative()) {
            errors.add("grace must be zero or positive, was " + grace);
        }
        EnumMap<RetentionClass, Duration> limits = new EnumMap<>(DEFAULT_MAX_AGE);
        if (maxAge != null) {
            limits.putAll(maxAge);
        }
        limits.forEach((c, d) -> checkLimit("classes." + c.id(), d, minimumAge, errors));
        Map<String, Map<RetentionClass, Duration>> t = new TreeMap<>();
        if (tenants != null) {
            tenants.forEach((tenant, m) -> {
                if (tenant == null || tenant.isBlank()) {
                    errors.add("tenants: a tenant id must not be empty");
                    return;
                }
                if (m == null || m.isEmpty()) {
                    errors.add("tenants." + tenant + " must set a limit for at least one class");
                    return;
                }
                m.forEach((c, d) -> checkLimit("tenants." + tenant + "." + c.id(), d, minimumAge, errors));
                t.put(tenant, Map.copyOf(new EnumMap<>(m)));
            });
        }
        if (!errors.isEmpty()) {
            throw new InvalidPolicyException(errors);
        }
        maxAge = Map.copyOf(limits);
        tenants = java.util.Collections.unmodifiableMap(new TreeMap<>(t));
    }

    private static void checkLimit(String key, Duration d, Duration minimumAge, List<String> errors) {
        if (d == null || d.isNegative() || d.isZero()) {
            errors.add(key + " must be a positive duration, was " + d);
        } else if (minimumAge != null && d.compareTo(minimumAge) < 0) {
            errors.add(key + " (" + format(d) + ") is below minimum-age (" + format(minimumAge)
                    + "); lower minimum-age deliberately if you mean it");
        } else if (d.compareTo(MAX_LIMIT) > 0) {
            errors.add(key + " (" + format(d) + ") is longer than " + format(MAX_LIMIT) + "; is the unit right?");
        }
    }

    /** The built-in policy (version {@code builtin-1}): security 400d, activity 90d, noise 30d, minimum 7d, grace 1d. */
    public static RetentionPolicy defaults() {
        return new RetentionPolicy("builtin-1", DEFAULT_MAX_AGE, Map.of(), DEFAULT_MINIMUM_AGE, DEFAULT_GRACE);
    }

    /** The limit for class {@code c} and tenant {@code tenant} (null: no tenant override applies). */
    public Duration limit(RetentionClass c, String tenant) {
        if (tenant != null) {
            Map<RetentionClass, Duration> o = tenants.get(tenant);
            if (o != null && o.containsKey(c)) {
                return o.get(c);
            }
        }
        return maxAge.get(c);
    }

    /** Events of class {@code c} and tenant {@code tenant} dated before this instant are expired at {@code now}. */
    public Instant cutoff(RetentionClass c, String tenant, Instant now) {
        Duration keep = limit(c, tenant).plus(grace);
        if (keep.compareTo(minimumAge) < 0) {
            keep = minimumAge;
        }
        return now.minus(keep);
    }

    /** Tenants with an override for class {@code c}. */
    public Set<String> tenantsOverriding(RetentionClass c) {
        Set<String> out = new java.util.TreeSet<>();
        tenants.forEach((t, m) -> {
            if (m.containsKey(c)) {
                out.add(t);
            }
        });
        return out;
    }

    /** The oldest cutoff of class {@code c} over the default and every tenant override: nothing newer is expired for anyone. */
    public Instant earliestCutoff(RetentionClass c, Instant now) {
        Instant min = cutoff(c, null, now);
        for (String t : tenantsOverriding(c)) {
            Instant x = cutoff(c, t, now);
            if (x.isBefore(min)) {
                min = x;
            }
        }
        return min;
    }

    /** Reads a policy file (YAML or JSON); errors name the file and the key. */
    public static RetentionPolicy load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InvalidPolicyException(List.of("cannot read the policy file " + file + ": " + e.getMessage()));
        }
        try {
            return parse(text);
        } catch (InvalidPolicyException e) {
            throw new InvalidPolicyException(file.toString(), e.problems());
        }
    }

    /** Parses a policy document (YAML or JSON; JSON is YAML). Missing classes take the defaults. */
    public static RetentionPolicy parse(String text) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (IOException e) {
            throw new InvalidPolicyException(List.of("the policy is not valid YAML or JSON: " + firstLine(e.getMessage())));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidPolicyException(List.of("the policy must be a mapping with at least a version"));
        }
        List<String> errors = new ArrayList<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!TOP_LEVEL_KEYS.contains(k)) {
                errors.add("unknown key '" + k + "' (expected one of version, minimum-age, grace, classes, tenants)");
            }
        }
        String version = root.hasNonNull("version") ? root.get("version").asText() : null;
        Duration minimumAge = root.has("minimum-age") ? duration("minimum-age", root.get("minimum-age"), errors) : DEFAULT_MINIMUM_AGE;
        Duration grace = root.has("grace") ? duration("grace", root.get("grace"), errors) : DEFAULT_GRACE;
        Map<RetentionClass, Duration> classes = classLimits("classes", root.get("classes"), errors);
        Map<String, Map<RetentionClass, Duration>> tenants = new LinkedHashMap<>();
        JsonNode t = root.get("tenants");
        if (t != null && !t.isNull()) {
            if (!t.isObject()) {
                errors.add("tenants must be a mapping of tenant id to class limits");
            } else {
                t.properties().forEach(e -> tenants.put(e.getKey(), classLimits("tenants." + e.getKey(), e.getValue(), errors)));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidPolicyException(errors);
        }
        return new RetentionPolicy(version, classes, tenants, minimumAge, grace);
    }

    private static Map<RetentionClass, Duration> classLimits(String key, JsonNode n, List<String> errors) {
        Map<RetentionClass, Duration> out = new EnumMap<>(RetentionClass.class);
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isObject()) {
            errors.add(key + " must be a mapping of class (security, activity, noise) to a duration such as 90d");
            return out;
        }
        n.properties().forEach(e -> {
            RetentionClass c;
            try {
                c = RetentionClass.fromId(e.getKey());
            } catch (IllegalArgumentException ex) {
                errors.add(key + "." + e.getKey() + " is not a retention class (security, activity, noise)");
                return;
            }
            Duration d = duration(key + "." + e.getKey(), e.getValue(), errors);
            if (d != null) {
                out.put(c, d);
            }
        });
        return out;
    }

    private static Duration duration(String key, JsonNode n, List<String> errors) {
        if (n == null || !n.isValueNode() || n.asText().isBlank()) {
            errors.add(key + " must be a duration like 400d, 12h or 30m");
            return null;
        }
        if (n.isNumber()) {
            errors.add(key + " must name its unit, e.g. '" + n.asText() + "d', was the bare number " + n.asText());
            return null;
        }
        try {
            return Config.parseDuration(key, n.asText());
        } catch (ConfigException e) {
            errors.add(e.getMessage().replaceAll("\\.$", ""));
            return null;
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /** {@code 400d}, {@code 36h}, {@code 90m}, {@code 45s} or {@code 1500ms}: the largest whole unit. */
    public static String format(Duration d) {
        if (d == null) {
            return "null";
        }
        long ms = d.toMillis();
        if (ms % 86_400_000L == 0) {
            return ms / 86_400_000L + "d";
        } else if (ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        } else if (ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        } else if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    /** The JSON form (the same shape the file takes). */
    public ObjectNode toJsonNode() {
        ObjectNode n = JSON.createObjectNode();
        n.put("version", version);
        n.put("minimum-age", format(minimumAge));
        n.put("grace", format(grace));
        ObjectNode cl = n.putObject("classes");
        for (RetentionClass c : RetentionClass.values()) {
            cl.put(c.id(), format(maxAge.get(c)));
        }
        ObjectNode tn = n.putObject("tenants");
        tenants.forEach((t, m) -> {
            ObjectNode o = tn.putObject(t);
            for (RetentionClass c : RetentionClass.values()) {
                if (m.containsKey(c)) {
                    o.put(c.id(), format(m.get(c)));
                }
            }
        });
        return n;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(toJsonNode());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The policy is wrong; {@link #problems()} lists every problem found, each a sentence naming the key. */
    public static final class InvalidPolicyException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final transient List<String> problems;

        public InvalidPolicyException(List<String> problems) {
            this(null, problems);
        }

        public InvalidPolicyException(String source, List<String> problems) {
            super((source == null ? "The retention policy is invalid: " : "The retention policy " + source + " is invalid: ")
                    + String.join("; ", problems) + ".");
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    @Override
    public String toString() {
        return "RetentionPolicy" + toJson();
    }
}
