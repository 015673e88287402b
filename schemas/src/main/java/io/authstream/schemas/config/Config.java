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
 *
 * <p>Secrets can live in files, as container and Kubernetes secret mounts provide them: a value
 * {@code secret-file:/run/secrets/es-password} (in the file or a variable) is replaced by that
 * file's content, and {@code AUTHSTREAM_<KEY>_FILE=/path} stands for {@code AUTHSTREAM_<KEY>} read
 * from that file. One trailing newline is dropped; nothing else is trimmed. A missing or unreadable
 * file is an error naming the key. {@link #masked()} and every component's {@code toString()} mask
 * what {@link Masking} says.
 */
public final class Config {
    static final String ENV_PREFIX = "AUTHSTREAM_";
    /** A value that names a file holding the real value. */
    public static final String SECRET_FILE_PREFIX = "secret-file:";
    /** Appended to a key's variable name: the variable holds the path of a file with the value. */
    public static final String FILE_SUFFIX = "_FILE";
    /** A secret file larger than this is surely the wrong file (a CA bundle is a few hundred KiB). */
    private static final long MAX_SECRET_FILE_BYTES = 1 << 20;
    private static final Pattern DURATION = Pattern.compile("(\\d{1,18})\\s*(ms|s|m|h|d)");
    /** A key repeated in a YAML file is an error, not "last one wins". */
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

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

    /**
     * The raw value: environment ({@code AUTHSTREAM_<KEY>}, else the file named by
     * {@code AUTHSTREAM_<KEY>_FILE}), then the configuration file; a {@code secret-file:} value is
     * replaced by the content of the file it names.
     *
     * @throws ConfigException naming the key if both variables are set or a secret file cannot be read
     */
    public Optional<String> get(String key) {
        keysRead.putIfAbsent(key, "");
        String name = envName(key);
        String v = env.get(name);
        String fromFile = env.get(name + FILE_SUFFIX);
        if (fromFile != null) {
            if (v != null) {
                throw new ConfigException(key + " is set twice: use " + name + " or " + name + FILE_SUFFIX + ", not both.");
            }
            return Optional.of(readSecretFile(key, fromFile.strip(), name + FILE_SUFFIX));
        }
        if (v == null) {
            v = file.get(key);
        }
        return Optional.ofNullable(v).map(String::strip).map(s -> resolve(key, s));
    }

    private static String resolve(String key, String value) {
        return value.startsWith(SECRET_FILE_PREFIX)
                ? readSecretFile(key, value.substring(SECRET_FILE_PREFIX.length()).strip(), SECRET_FILE_PREFIX) : value;
    }

    /** The content of a secret file, without one trailing newline (what {@code echo} and editors add). */
    private static String readSecretFile(String key, String path, String from) {
        String where = key + ": the secret file '" + path + "' (from " + from + ")";
        if (path.isEmpty()) {
            throw new ConfigException(key + ": " + from + " names no file.");
        }
        Path p = Path.of(path);
        try {
            if (!Files.isRegularFile(p)) {
                throw new ConfigException(where + (Files.exists(p) ? " is not a regular file." : " does not exist."));
            }
            if (Files.size(p) > MAX_SECRET_FILE_BYTES) {
                throw new ConfigException(where + " is larger than 1 MiB; is it the right file?");
            }
            String s = Files.readString(p);
            if (s.endsWith("\n")) {
                s = s.substring(0, s.length() - (s.endsWith("\r\n") ? 2 : 1));
            }
            return s;
        } catch (java.nio.file.AccessDeniedException e) {
            throw new ConfigException(where + " cannot be read: permission denied.");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ConfigException(where + " is not UTF-8 text.");
        } catch (IOException e) {
            throw new ConfigException(where + " cannot be read (" + e.getClass().getSimpleName() + ").");
        }
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

    /** A secret value; empty means absent. From now on its key is masked everywhere ({@link Masking#declare}). */
    public Optional<Secret> secret(String key) {
        Masking.declare(key);
        keysRead.put(key, "(secret)");
        return get(key).filter(s -> !s.isEmpty()).map(Secret::of);
    }

    /** A required secret value (such as a Slack webhook URL); masked everywhere like {@link #secret}. */
    public Secret requiredSecret(String key) {
        Masking.declare(key);
        return Secret.of(required(key));
    }

    /** A comma-separated list of secrets (such as tokens being rotated); masked everywhere like {@link #secret}. */
    public List<Secret> secretList(String key) {
        Masking.declare(key);
        return list(key).stream().map(Secret::of).toList();
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
        if (env.containsKey(envName(key) + FILE_SUFFIX)) {
            return " (from " + envName(key) + FILE_SUFFIX + ")";
        }
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
     * ({@code kafka.linger.ms} → {@code linger.ms}). Environment variables win. A {@code secret-file:}
     * value is read from its file; {@code _FILE} variables are not special here (Kafka has keys
     * ending in {@code .file}), so use {@code AUTHSTREAM_KAFKA_SASL_JAAS_CONFIG=secret-file:/path}.
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
        out.replaceAll((k, v) -> v.strip().startsWith(SECRET_FILE_PREFIX) ? resolve(prefix + "." + k, v.strip()) : v);
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
     * Keys and values for start-up logs, as {@link Masking#value} shows them: {@code ****} for secret
     * keys; PEM keys, URL passwords and Slack webhook paths masked in every other value.
     * Environment variables appear as {@code env:AUTHSTREAM_...}.
     */
    public Map<String, String> masked() {
        Map<String, String> out = new TreeMap<>();
        file.forEach((k, v) -> out.put(k, Masking.value(k, v)));
        env.forEach((k, v) -> {
            if (k.startsWith(ENV_PREFIX)) {
                out.put("env:" + k, Masking.value(k, v));
            }
        });
        return out;
    }

    @Override
    public String toString() {
        return "Config" + masked();
    }
}
