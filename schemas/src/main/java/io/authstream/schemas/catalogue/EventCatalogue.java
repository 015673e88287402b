package io.authstream.schemas.catalogue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authstream.schemas.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * The event-code catalogue: bundled {@code authstream/event-codes.json}, optionally merged with an
 * operator's file of the same shape whose entries add codes or replace fields of bundled ones.
 * Immutable after loading, except for the counts of unknown codes seen, which {@link #lookup}
 * keeps so they can be flagged. Thread-safe.
 *
 * <p>Every entry, bundled or not, is checked when loaded; a bad one fails the load with a message
 * naming the file, the code and the field. See {@code schemas/CATALOGUE.md} for the rules behind
 * the bundled data and {@code docs/contracts.md} for the override format.
 */
public final class EventCatalogue {
    /** The signal vocabulary; an override file may only use these. */
    public static final Set<String> SIGNALS = Set.of("credential-stuffing", "signup-attack", "mfa-bypass", "brute-force",
            "bot-activity", "mfa-fatigue", "toll-fraud", "account-takeover", "breached-password", "prioritized",
            "rate-limited");
    /** Auth0's stream-filter category API names (reference §1.5), including the older ancillary ones. */
    public static final Set<String> AUTH0_FILTERS = Set.of("auth.login.fail", "auth.login.notification",
            "auth.login.success", "auth.logout.fail", "auth.logout.success", "auth.signup.fail", "auth.signup.success",
            "auth.silent_auth.fail", "auth.silent_auth.success", "auth.token_exchange.fail",
            "auth.token_exchange.success", "management.fail", "management.success", "scim.event",
            "system.notification", "user.fail", "user.notification", "user.success", "actions", "other",
            "auth.ancillary.fail", "auth.ancillary.success");
    /**
     * ECS {@code event.category} values and the {@code event.type} values ECS expects with each. An
     * entry's every type must be expected by at least one of its categories.
     */
    public static final Map<String, Set<String>> ECS_EXPECTED_TYPES = Map.ofEntries(
            Map.entry("api", Set.of("access", "admin", "allowed", "change", "creation", "deletion", "denied", "end", "info", "start", "user")),
            Map.entry("authentication", Set.of("start", "end", "info")),
            Map.entry("configuration", Set.of("access", "change", "creation", "deletion", "info")),
            Map.entry("database", Set.of("access", "change", "info", "error")),
            Map.entry("driver", Set.of("change", "end", "info", "start")),
            Map.entry("file", Set.of("access", "change", "creation", "deletion", "info")),
            Map.entry("host", Set.of("access", "change", "end", "info", "start")),
            Map.entry("iam", Set.of("admin", "change", "creation", "deletion", "group", "info", "user")),
            Map.entry("intrusion_detection", Set.of("allowed", "denied", "info")),
            Map.entry("library", Set.of("start")),
            Map.entry("malware", Set.of("info")),
            Map.entry("network", Set.of("access", "allowed", "connection", "denied", "end", "info", "protocol", "start")),
            Map.entry("package", Set.of("access", "change", "deletion", "info", "installation", "start")),
            Map.entry("process", Set.of("access", "change", "end", "info", "start")),
            Map.entry("registry", Set.of("access", "change", "creation", "deletion")),
            Map.entry("session", Set.of("start", "end", "info")),
            Map.entry("threat", Set.of("indicator")),
            Map.entry("vulnerability", Set.of("info")),
            Map.entry("web", Set.of("access", "error", "info")));
    /** The configuration key naming an override file; absent means the bundled catalogue alone. */
    public static final String OVERRIDE_FILE_KEY = "catalogue.override-file";
    /** At most this many distinct unknown codes are counted by name; the rest only in {@link #unknownCodesOverflow()}. */
    public static final int MAX_TRACKED_UNKNOWN = 1000;

    private static final String RESOURCE = "/authstream/event-codes.json";
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    private static final Set<String> FIELDS = Set.of("code", "name", "description", "auth0Filter", "category", "outcome",
            "signals", "retentionClass", "ecsCategory", "ecsType", "comment");
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    private final Map<String, EventCode> codes;
    private final String version;
    private final Map<String, LongAdder> unknownSeen = new ConcurrentHashMap<>();
    private final LongAdder unknownOverflow = new LongAdder();

    private EventCatalogue(Map<String, EventCode> codes, String version) {
        this.codes = Map.copyOf(codes);
        this.version = version;
    }

    /** The bundled catalogue. */
    public static EventCatalogue bundled() {
        return load((Path) null);
    }

    /** The bundled catalogue merged with the file named by {@value #OVERRIDE_FILE_KEY}, if set. */
    public static EventCatalogue load(Config config) {
        return load(config.get(OVERRIDE_FILE_KEY).filter(s -> !s.isEmpty()).map(Path::of).orElse(null));
    }

    /**
     * The bundled catalogue merged with {@code overrideFile} (same JSON shape), if not null. An
     * override entry for a new code must carry every field; one for a bundled code may carry only
     * the fields it changes (plus {@code code}).
     *
     * @throws IllegalArgumentException naming the file, code and field when an entry is wrong
     */
    public static EventCatalogue load(Path overrideFile) {
        Map<String, EventCode> codes = new TreeMap<>();
        String version;
        try (InputStream in = EventCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            JsonNode root = JSON.readTree(in);
            version = read(root, "bundled " + RESOURCE, codes);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled catalogue " + RESOURCE + ": " + e.getMessage(), e);
        }
        if (overrideFile != null) {
            JsonNode root;
            try {
                root = JSON.readTree(Files.readAllBytes(overrideFile));
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("the catalogue override " + overrideFile + " does not exist", e);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the catalogue override " + overrideFile + ": "
                        + firstLine(e.getMessage()), e);
            }
            String overrideVersion = read(root, "catalogue override " + overrideFile, codes);
            version = version + "+" + (overrideVersion != null ? overrideVersion : overrideFile.getFileName().toString());
        }
        return new EventCatalogue(codes, version);
    }

    /** Reads entries into {@code into} (adding or patching) and returns the file's version, if any. */
    private static String read(JsonNode root, String source, Map<String, EventCode> into) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": must be a JSON object with a 'codes' array");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("codes") && !f.equals("catalogueVersion") && !f.equals("comment")) {
                throw new IllegalArgumentException(source + ": unknown top-level field '" + f
                        + "' (expected catalogueVersion, codes, comment)");
            }
        }
        JsonNode list = root.path("codes");
        if (!list.isArray()) {
            throw new IllegalArgumentException(source + ": 'codes' must be an array");
        }
        JsonNode v = root.path("catalogueVersion");
        if (!v.isMissingNode() && !v.isTextual()) {
            throw new IllegalArgumentException(source + ": 'catalogueVersion' must be a string");
        }
        Set<String> inThisFile = new HashSet<>();
        int index = 0;
        for (JsonNode n : list) {
            String at = source + ", entry " + index++;
            if (!n.isObject()) {
                throw new IllegalArgumentException(at + ": must be an object");
            }
            JsonNode codeNode = n.path("code");
            if (!codeNode.isTextual() || !CODE.matcher(codeNode.asText()).matches()) {
                throw new IllegalArgumentException(at + ": 'code' must be a string of 1 to 128 letters, digits, '_', '.', ':' or '-'"
                        + (codeNode.isMissingNode() ? " (it is missing)" : ", was " + codeNode));
            }
            String code = codeNode.asText();
            String where = at + " (code '" + code + "')";
            if (!inThisFile.add(code)) {
                throw new IllegalArgumentException(where + ": the code appears twice in this file");
            }
            try {
                into.put(code, entry(code, n, into.get(code)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return v.isTextual() ? v.asText() : null;
    }

    /** One entry; fields it lacks come from {@code base} (the entry it patches), if there is one. */
    private static EventCode entry(String code, JsonNode n, EventCode base) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException("unknown field '" + f + "' (expected one of " + new TreeSet<>(FIELDS) + ")");
            }
        }
        String name = text(n, "name", base == null ? null : base.name());
        String description = text(n, "description", base == null ? null : base.description());
        String filter = text(n, "auth0Filter", base == null ? null : base.auth0Filter());
        if (!AUTH0_FILTERS.contains(filter)) {
            throw new IllegalArgumentException("'auth0Filter' must be one of Auth0's stream-filter categories "
                    + new TreeSet<>(AUTH0_FILTERS) + ", was '" + filter + "'");
        }
        Category category = n.has("category") ? Category.fromId(text(n, "category", null)) : require(base, "category").category();
        if (category == Category.UNKNOWN) {
            throw new IllegalArgumentException("'category' unknown is reserved for codes the catalogue lacks");
        }
        Outcome outcome = n.has("outcome") ? Outcome.fromId(text(n, "outcome", null)) : require(base, "outcome").outcome();
        RetentionClass retention = n.has("retentionClass") ? RetentionClass.fromId(text(n, "retentionClass", null))
                : require(base, "retentionClass").retentionClass();
        Set<String> signals = n.has("signals") ? new LinkedHashSet<>(strings(n, "signals", true)) : base == null ? Set.of() : base.signals();
        for (String s : signals) {
            if (!SIGNALS.contains(s)) {
                throw new IllegalArgumentException("unknown signal '" + s + "' in 'signals' (known: " + new TreeSet<>(SIGNALS) + ")");
            }
        }
        List<String> ecsCategory = n.has("ecsCategory") ? strings(n, "ecsCategory", false) : require(base, "ecsCategory").ecsCategory();
        List<String> ecsType = n.has("ecsType") ? strings(n, "ecsType", false) : require(base, "ecsType").ecsType();
        checkEcs(ecsCategory, ecsType);
        return new EventCode(code, name, description, filter, category, outcome, signals, retention, ecsCategory, ecsType, true);
    }

    private static EventCode require(EventCode base, String field) {
        if (base == null) {
            throw new IllegalArgumentException("'" + field + "' is missing (a new code needs every field)");
        }
        return base;
    }

    private static String text(JsonNode n, String field, String fallback) {
        JsonNode v = n.path(field);
        if (v.isMissingNode()) {
            if (fallback == null) {
                throw new IllegalArgumentException("'" + field + "' is missing (a new code needs every field)");
            }
            return fallback;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException("'" + field + "' must be a non-empty string, was " + v);
        }
        return v.asText();
    }

    private static List<String> strings(JsonNode n, String field, boolean mayBeEmpty) {
        JsonNode arr = n.path(field);
        if (!arr.isArray() || (!mayBeEmpty && arr.isEmpty())) {
            throw new IllegalArgumentException("'" + field + "' must be " + (mayBeEmpty ? "an" : "a non-empty")
                    + " array of strings, was " + arr);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode x : arr) {
            if (!x.isTextual()) {
                throw new IllegalArgumentException("'" + field + "' must hold only strings, found " + x);
            }
            out.add(x.asText());
        }
        return out;
    }

    private static void checkEcs(List<String> categories, List<String> types) {
        Set<String> expected = new TreeSet<>();
        for (String c : categories) {
            Set<String> e = ECS_EXPECTED_TYPES.get(c);
            if (e == null) {
                throw new IllegalArgumentException("'" + c + "' in 'ecsCategory' is not an ECS event.category (known: "
                        + new TreeSet<>(ECS_EXPECTED_TYPES.keySet()) + ")");
            }
            expected.addAll(e);
        }
        for (String t : types) {
            if (!expected.contains(t)) {
                throw new IllegalArgumentException("ecsType '" + t + "' fits none of ecsCategory " + categories
                        + " (ECS expects one of " + expected + ")");
            }
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /**
     * The entry for {@code code}. An unknown code gets {@link EventCode#unknown} and is counted: by
     * name for the first {@value #MAX_TRACKED_UNKNOWN} distinct codes (codes come from the wire, so
     * the map is bounded), in {@link #unknownCodesOverflow()} beyond that.
     */
    public EventCode lookup(String code) {
        Objects.requireNonNull(code, "code");
        EventCode c = codes.get(code);
        if (c != null) {
            return c;
        }
        LongAdder n = unknownSeen.get(code);
        if (n == null && unknownSeen.size() < MAX_TRACKED_UNKNOWN) {
            // Racing threads may overshoot the bound by at most their number; that is harmless.
            n = unknownSeen.computeIfAbsent(code, k -> new LongAdder());
        }
        (n != null ? n : unknownOverflow).increment();
        return EventCode.unknown(code);
    }

    /** Whether the catalogue has {@code code}; does not count. */
    public boolean knows(String code) {
        return codes.containsKey(code);
    }

    /** Every entry, sorted by code. */
    public Collection<EventCode> all() {
        return new TreeMap<>(codes).values();
    }

    /** Codes of one category, sorted. */
    public Set<String> codesIn(Category category) {
        Set<String> out = new TreeSet<>();
        codes.values().stream().filter(c -> c.category() == category).forEach(c -> out.add(c.code()));
        return out;
    }

    /** Codes carrying {@code signal}, sorted. */
    public Set<String> codesWithSignal(String signal) {
        Set<String> out = new TreeSet<>();
        codes.values().stream().filter(c -> c.hasSignal(signal)).forEach(c -> out.add(c.code()));
        return out;
    }

    /** Unknown codes seen so far (at most {@value #MAX_TRACKED_UNKNOWN}) and how often, for metrics and flagging. */
    public Map<String, Long> unknownCodesSeen() {
        Map<String, Long> out = new TreeMap<>();
        unknownSeen.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Lookups of unknown codes that were not counted by name because the bound was reached. */
    public long unknownCodesOverflow() {
        return unknownOverflow.sum();
    }

    /** {@code catalogueVersion} of the bundled file, plus {@code +<override version or file name>}. */
    public String version() {
        return version;
    }

    public int size() {
        return codes.size();
    }
}
