package io.authstream.schemas.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The event-code catalogue: bundled {@code authstream/event-codes.json}, optionally merged with an
 * operator's file whose entries add or replace codes. Immutable after loading, except for the
 * count of unknown codes seen, which {@link #lookup} keeps so they can be flagged. Thread-safe.
 */
public final class EventCatalogue {
    /** The signal vocabulary; an override file may only use these. */
    public static final Set<String> SIGNALS = Set.of("credential-stuffing", "signup-attack", "mfa-bypass", "brute-force",
            "bot-activity", "mfa-fatigue", "toll-fraud", "account-takeover", "breached-password", "prioritized",
            "rate-limited");
    private static final String RESOURCE = "/authstream/event-codes.json";
    /** At most this many distinct unknown codes are counted; beyond it they still map to unknown. */
    private static final int MAX_TRACKED_UNKNOWN = 1000;

    private final Map<String, EventCode> codes;
    private final String version;
    private final Map<String, LongAdder> unknownSeen = new ConcurrentHashMap<>();

    private EventCatalogue(Map<String, EventCode> codes, String version) {
        this.codes = Map.copyOf(codes);
        this.version = version;
    }

    /** The bundled catalogue. */
    public static EventCatalogue bundled() {
        return load(null);
    }

    /** The bundled catalogue merged with {@code overrideFile} (same JSON shape), if not null. */
    public static EventCatalogue load(Path overrideFile) {
        ObjectMapper m = new ObjectMapper();
        Map<String, EventCode> codes = new TreeMap<>();
        String version;
        try (InputStream in = EventCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            JsonNode root = m.readTree(in);
            version = root.path("catalogueVersion").asText("unversioned");
            read(root, RESOURCE, codes);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled catalogue " + RESOURCE, e);
        }
        if (overrideFile != null) {
            try {
                JsonNode root = m.readTree(Files.readAllBytes(overrideFile));
                read(root, overrideFile.toString(), codes);
                version = version + "+" + root.path("catalogueVersion").asText(overrideFile.getFileName().toString());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the catalogue override " + overrideFile + ": " + e.getMessage(), e);
            }
        }
        return new EventCatalogue(codes, version);
    }

    private static void read(JsonNode root, String source, Map<String, EventCode> into) {
        JsonNode list = root.path("codes");
        if (!list.isArray()) {
            throw new IllegalArgumentException(source + ": 'codes' must be an array");
        }
        for (JsonNode n : list) {
            String code = n.path("code").asText("");
            String where = source + ", code '" + code + "'";
            if (code.isEmpty()) {
                throw new IllegalArgumentException(source + ": an entry has no 'code'");
            }
            try {
                Set<String> signals = new LinkedHashSet<>(strings(n.path("signals")));
                for (String s : signals) {
                    if (!SIGNALS.contains(s)) {
                        throw new IllegalArgumentException("unknown signal '" + s + "'");
                    }
                }
                into.put(code, new EventCode(code, req(n, "name"), req(n, "description"), req(n, "auth0Filter"),
                        Category.fromId(req(n, "category")), Outcome.fromId(req(n, "outcome")), signals,
                        RetentionClass.fromId(req(n, "retentionClass")), strings(n.path("ecsCategory")),
                        strings(n.path("ecsType")), true));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
    }

    private static String req(JsonNode n, String field) {
        String v = n.path(field).asText("");
        if (v.isEmpty()) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return v;
    }

    private static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(x -> out.add(x.asText()));
        return out;
    }

    /** The entry for {@code code}; an unknown code gets {@link EventCode#unknown} and is counted. */
    public EventCode lookup(String code) {
        EventCode c = codes.get(code);
        if (c != null) {
            return c;
        }
        LongAdder n = unknownSeen.get(code);
        if (n == null && unknownSeen.size() < MAX_TRACKED_UNKNOWN) {
            n = unknownSeen.computeIfAbsent(code, k -> new LongAdder());
        }
        if (n != null) {
            n.increment();
        }
        return EventCode.unknown(code);
    }

    /** Whether the catalogue has {@code code}; does not count. */
    public boolean knows(String code) {
        return codes.containsKey(code);
    }

    public Collection<EventCode> all() {
        return codes.values();
    }

    /** Codes of one category, sorted. */
    public Set<String> codesIn(Category category) {
        Set<String> out = new java.util.TreeSet<>();
        codes.values().stream().filter(c -> c.category() == category).forEach(c -> out.add(c.code()));
        return out;
    }

    /** Codes carrying {@code signal}, sorted. */
    public Set<String> codesWithSignal(String signal) {
        Set<String> out = new java.util.TreeSet<>();
        codes.values().stream().filter(c -> c.hasSignal(signal)).forEach(c -> out.add(c.code()));
        return out;
    }

    /** Unknown codes seen so far and how often, for metrics and flagging. */
    public Map<String, Long> unknownCodesSeen() {
        Map<String, Long> out = new TreeMap<>();
        unknownSeen.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public String version() {
        return version;
    }

    public int size() {
        return codes.size();
    }
}
