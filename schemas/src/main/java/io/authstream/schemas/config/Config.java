package io.authstream.schemas.config;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flat, dotted configuration keys from a file, overridden by environment variables.
 *
 * <p>A YAML file is flattened ({@code ingest: {http: {port: 8080}}} becomes {@code ingest.http.port});
 * list items become comma-separated values. The environment variable for a key is
 * {@code AUTHSTREAM_} plus the key upper-cased with dots and dashes turned into underscores
 * ({@code ingest.max-body-bytes} → {@code AUTHSTREAM_INGEST_MAX_BODY_BYTES}); for a pass-through
 * prefix such as {@code kafka.}, every {@code AUTHSTREAM_KAFKA_*} variable is taken with
 * underscores turned into dots ({@code AUTHSTREAM_KAFKA_LINGER_MS} → {@code kafka.linger.ms}).
 * Getters validate and fail with a sentence naming the key.
 */
public final class Config {
    static final String ENV_PREFIX = "AUTHSTREAM_";
    private static final Pattern DURATION = Pattern.compile("(\\d{1,18})\\s*(ms|s|m|h|d)");
    /** A key repeated in a YAML file is an error, not "last one wins". */
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
    /** {@code scheme://user:password@host}: the password part of a URL in any value. */
    private static final Pattern URL_PASSWORD = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\\s]*:)([^@/\\s]+)@");

    private final Map<String, String> file;
    private final Map<String, String> env;
    private final String source;
    /** Every key a component asked for, with its default as text: the source of the configuration reference. */
    private final Map<String, String> keysRead = new java.util.concurrent.ConcurrentSkipListMap<>();

    private Config(Map<String, String> file, Map<String, String> env, String source) {
        this.file = Map.copyOf(file);
        this.env = Map.copyOf(env);
        this.source = source;
    }

    /** Loads {@code path} (YAML if it ends in .yml/.yaml, else properties) or nothing if null, plus the process environment. */
    public static Config load(Path path) {
        return load(path, System.getenv());
    }

    public static Config load(Path path, Map<String, String> env) {
        if (path == null) {
            return new Config(Map.of(), env, "environment");
        }
        if (!Files.isRegularFile(path)) {
            throw new ConfigException("The configuration file " + path + " does not exist.");
        }
        try (InputStream in = Files.newInputStream(path)) {
            String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
            Map<String, String> flat = name.endsWith(".yml") || name.endsWith(".yaml") ? flattenYaml(in, path) : properties(in);
            return new Config(flat, env, path.toString());
        } catch (IOException e) {
            String m = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            String where = e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
                    ? " (line " + j.getLocation().getLineNr() + ")" : "";
            throw new ConfigException("Cannot read the configuration file " + path + ": " + firstLine(m) + where + ".", e);
        }
    }

    /** A configuration from explicit values (tests, embedded wiring); no environment. */
    public static Config of(Map<String, String> values) {
        return new Config(values, Map.of(), "values");
    }

    /** A copy with {@code values} layered over the file values (the environment still wins). */
    public Config withDefaults(Map<String, String> values) {
        Map<String, String> merged = new LinkedHashMap<>(values);
        merged.putAll(file);
        return new Config(merged, env, source);
    }

    /** A copy where {@code values} override file values (the environment still wins). */
    public Config with(Map<String, String> values) {
        Map<String, String> merged = new LinkedHashMap<>(file);
        merged.putAll(values);
        return new Config(merged, env, source);
    }

    private static Map<String, String> properties(InputStream in) throws IOException {
        Properties p = new Properties();
        p.load(in);
        Map<String, String> m = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k.strip(), p.getProperty(k).strip()));
        return m;
    }

    private static Map<String, String> flattenYaml(InputStream in, Path path) throws IOException {
        JsonNode root = YAML.readTree(in);
        Map<String, String> m = new TreeMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return m;
        }
        if (!root.isObject()) {
            throw new ConfigException("The configuration file " + path + " must hold a mapping of keys at its top level.");
        }
        flatten("", root, m);
        return m;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode n : node) {
                if (n.isContainerNode()) {
                    throw new ConfigException(prefix + " must be a list of plain values; use a mapping of names to settings"
                            + " for structured items (see children()).");
                }
                items.add(n.asText());
            }
            out.put(prefix, String.join(",", items));
        } else if (!node.isNull()) {
            out.put(prefix, node.asText());
        }
    }

    /** The environment variable that overrides {@code key}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The raw value: environment first, then file. */
    public Optional<String> get(String key) {
        keysRead.putIfAbsent(key, "");
        String v = env.get(envName(key));
        if (v == null) {
            v = file.get(key);
        }
        return Optional.ofNullable(v).map(String::strip);
    }

    public String string(String key, String dflt) {
        keysRead.put(key, dflt == null ? "" : dflt);
        return get(key).orElse(dflt);
    }

    public String required(String key) {
        keysRead.put(key, "(required)");
        return get(key).filter(s -> !s.isEmpty())
                .orElseThrow(() -> new ConfigException(key + " is required (set it in " + source + " or as " + envName(key) + ")."));
    }

    /** A secret value; empty means absent. Its key is masked in {@link #masked()} only if it looks secret, so name it so. */
    public Optional<Secret> secret(String key) {
        keysRead.put(key, "(secret)");
        return get(key).filter(s -> !s.isEmpty()).map(Secret::of);
    }

    public int integer(String key, int dflt) {
        keysRead.put(key, String.valueOf(dflt));
        return get(key).map(v -> {
            try {
                return Integer.parseInt(v.replace("_", ""));
            } catch (NumberFormatException e) {
                throw invalid(key, "must be a whole number", "'" + v + "'");
            }
        }).orElse(dflt);
    }

    public long longValue(String key, long dflt) {
        keysRead.put(key, String.valueOf(dflt));
        return get(key).map(v -> {
            try {
                return Long.parseLong(v.replace("_", ""));
            } catch (NumberFormatException e) {
                throw invalid(key, "must be a whole number", "'" + v + "'");
            }
        }).orElse(dflt);
    }

    public int positiveInt(String key, int dflt) {
        int v = integer(key, dflt);
        if (v <= 0) {
            throw invalid(key, "must be positive", String.valueOf(v));
        }
        return v;
    }

    public long positiveLong(String key, long dflt) {
        long v = longValue(key, dflt);
        if (v <= 0) {
            throw invalid(key, "must be positive", String.valueOf(v));
        }
        return v;
    }

    /** A finite decimal number ({@code NaN} and infinities are refused). */
    public double number(String key, double dflt) {
        keysRead.put(key, String.valueOf(dflt));
        return get(key).map(v -> {
            double d;
            try {
                d = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw invalid(key, "must be a number", "'" + v + "'");
            }
            if (!Double.isFinite(d)) {
                throw invalid(key, "must be a finite number", "'" + v + "'");
            }
            return d;
        }).orElse(dflt);
    }

    /** {@code true/yes/on/1} or {@code false/no/off/0}, any case. */
    public boolean bool(String key, boolean dflt) {
        keysRead.put(key, String.valueOf(dflt));
        return get(key).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw invalid(key, "must be true or false", "'" + v + "'");
        }).orElse(dflt);
    }

    /** A duration such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 400d} or ISO-8601 {@code PT5M}. */
    public Duration duration(String key, Duration dflt) {
        keysRead.put(key, dflt == null ? "" : describe(dflt));
        return get(key).map(v -> {
            try {
                return parseDuration(key, v);
            } catch (ConfigException e) {
                throw invalid(key, "must be a duration like 30s, 5m, 2h or 400d", "'" + v + "'");
            }
        }).orElse(dflt);
    }

    public Duration positiveDuration(String key, Duration dflt) {
        Duration d = duration(key, dflt);
        if (d.isNegative() || d.isZero()) {
            throw invalid(key, "must be a positive duration", get(key).map(v -> "'" + v + "'").orElse(d.toString()));
        }
        return d;
    }

    /**
     * Parses {@code <digits><unit>} with unit {@code ms}, {@code s}, {@code m} (minutes), {@code h}
     * or {@code d} (case and a space before the unit do not matter), or an ISO-8601 duration.
     *
     * @throws ConfigException naming {@code key} when {@code v} is neither, or out of range
     */
    public static Duration parseDuration(String key, String v) {
        String t = v.strip().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(t);
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(t.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new ConfigException(key + " must be a duration like 30s, 5m, 2h or 400d, was '" + v + "'.");
        }
    }

    private ConfigException invalid(String key, String rule, String was) {
        return new ConfigException(key + " " + rule + ", was " + was + origin(key) + ".");
    }

    /** Where a key's value came from, when that was the environment (people look in the file first). */
    private String origin(String key) {
        return env.containsKey(envName(key)) ? " (from " + envName(key) + ")" : "";
    }

    /** A comma-separated list (YAML lists arrive that way); empty items are dropped. */
    public List<String> list(String key) {
        keysRead.putIfAbsent(key, "");
        return get(key).map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    /**
     * The distinct next segments below {@code prefix.}, sorted, e.g. stream ids under
     * {@code ingest.streams}. Only the file's keys count: an environment variable can override a
     * child's setting but cannot add a child (its name would be ambiguous).
     */
    public List<String> children(String prefix) {
        keysRead.putIfAbsent(prefix + ".<id>.*", "");
        String p = prefix + ".";
        TreeSet<String> names = new TreeSet<>();
        for (String k : file.keySet()) {
            if (k.startsWith(p)) {
                names.add(k.substring(p.length()).split("\\.", 2)[0]);
            }
        }
        // Children can come from the environment alone (AUTHSTREAM_INGEST_STREAMS_MAIN_TENANT):
        // the id is the next underscore-separated word, so such ids are letters and digits only.
        String envPrefix = envName(prefix) + "_";
        for (String k : env.keySet()) {
            if (k.startsWith(envPrefix) && k.length() > envPrefix.length()) {
                String id = k.substring(envPrefix.length()).split("_", 2)[0].toLowerCase(Locale.ROOT);
                if (!id.isEmpty() && names.stream().noneMatch(n -> envName(n).equals(envName(id)))) {
                    names.add(id);
                }
            }
        }
        return List.copyOf(names);
    }

    /**
     * Every key under {@code prefix.} with the prefix removed, for pass-through client settings
     * ({@code kafka.linger.ms} → {@code linger.ms}). Environment variables win.
     */
    public Map<String, String> passThrough(String prefix) {
        keysRead.putIfAbsent(prefix + ".*", "");
        String p = prefix + ".";
        Map<String, String> out = new TreeMap<>();
        file.forEach((k, v) -> {
            if (k.startsWith(p)) {
                out.put(k.substring(p.length()), v);
            }
        });
        String envPrefix = envName(prefix) + "_";
        env.forEach((k, v) -> {
            if (k.startsWith(envPrefix)) {
                out.put(k.substring(envPrefix.length()).toLowerCase(Locale.ROOT).replace('_', '.'), v);
            }
        });
        return out;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /**
     * Every key read so far through this instance, with its default as text ({@code (required)},
     * {@code (secret)}, or empty for none): loading a component's configuration from a fresh
     * instance lists exactly the keys it understands. Pass-through prefixes appear as {@code kafka.*}.
     */
    public Map<String, String> keysRead() {
        return Map.copyOf(keysRead);
    }

    /** A duration as a person writes it in the config file: 30s, 5m, 2h, 400d. */
    static String describe(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0 && ms != 0) {
            return ms / 86_400_000 + "d";
        } else if (ms % 3_600_000 == 0 && ms != 0) {
            return ms / 3_600_000 + "h";
        } else if (ms % 60_000 == 0 && ms != 0) {
            return ms / 60_000 + "m";
        } else if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    /** Where the file values came from, for messages. */
    public String source() {
        return source;
    }

    /**
     * Keys and values for start-up logs: the value of any key that looks secret is {@code ****},
     * and a password inside a URL ({@code https://user:pw@host}) is masked in every value.
     * Environment variables appear as {@code env:AUTHSTREAM_...}.
     */
    public Map<String, String> masked() {
        Map<String, String> out = new TreeMap<>();
        file.forEach((k, v) -> out.put(k, mask(k, v)));
        env.forEach((k, v) -> {
            if (k.startsWith(ENV_PREFIX)) {
                out.put("env:" + k, mask(k, v));
            }
        });
        return out;
    }

    private static String mask(String key, String value) {
        return looksSecret(key) ? "****" : URL_PASSWORD.matcher(value).replaceAll("$1****@");
    }

    /**
     * Whether a key names a secret: it contains password, passphrase, secret, token, credential,
     * authorization, api-key, private-key, routing-key, integration-key, sasl.jaas, user-info or
     * webhook (any of {@code -}, {@code _}, {@code .} or nothing between words). Name secret keys so.
     */
    static boolean looksSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT).replace('_', '-').replace('.', '-');
        String squashed = k.replace("-", "");
        for (String word : SECRET_WORDS) {
            if (squashed.contains(word)) {
                return true;
            }
        }
        return false;
    }

    private static final List<String> SECRET_WORDS = List.of("password", "passwd", "passphrase", "secret", "token",
            "credential", "authorization", "apikey", "privatekey", "routingkey", "integrationkey", "sasljaas",
            "userinfo", "webhook");

    @Override
    public String toString() {
        return "Config" + masked();
    }
}
