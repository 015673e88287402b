package io.authstream.schemas.index;

import io.authstream.schemas.catalogue.RetentionClass;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Names of the archive's indices. Events go to {@code <prefix>logs-<class>-<period>}, routed by
 * retention class and event date ({@code data.date}, UTC), so that retention can drop whole
 * indices by exact name once every day in them is past the class limit, and trim only the
 * boundary index by document deletes.
 *
 * <p>Default periods: security monthly, activity and noise weekly. One year is then 12 + 53 + 53
 * event indices of one shard each, plus 12 monthly alert indices and one audit index per year:
 * about 130 shards, far below the single-node default of 1,000.
 *
 * <p>Names sort by time within one class and period (zero-padded fields, year first). Trap: after
 * a class's period is changed, its old and new names no longer sort together; {@link
 * #parseEventIndex} still reads both, so retention keeps working.
 *
 * <pre>
 * auth0-logs-security-2026.11      auth0-logs-activity-2026w48      auth0-logs-noise-2026w48
 * auth0-alerts-2026.11             auth0-audit-2026                  auth0-hold-&lt;case&gt;
 * </pre>
 */
public final class IndexLayout {
    private final String prefix;
    private final Map<RetentionClass, IndexPeriod> periods;

    /** Longest prefix: the longest name it starts ({@code hold-} + a 64-character case) stays far below 255 bytes. */
    public static final int MAX_PREFIX_LENGTH = 100;
    /** Longest case id kept in a hold index name. */
    public static final int MAX_CASE_LENGTH = 64;
    /**
     * Prefixes that would put our names under Elasticsearch's built-in data-stream templates
     * ({@code logs-*-*}, {@code metrics-*-*}, ...), which would turn the indices into data streams.
     */
    private static final java.util.List<String> RESERVED = java.util.List.of("logs-", "metrics-", "traces-", "synthetics-");

    /**
     * @param prefix  lower-case letters, digits, '-', '_' or '.', starting with a letter or digit,
     *                at most {@value #MAX_PREFIX_LENGTH} characters, not a built-in data-stream
     *                prefix such as {@code logs-}; usually ending in '-'
     * @param periods period per retention class; classes left out keep the defaults
     */
    public IndexLayout(String prefix, Map<RetentionClass, IndexPeriod> periods) {
        if (prefix == null || !prefix.matches("[a-z0-9][a-z0-9_.-]*") || prefix.length() > MAX_PREFIX_LENGTH) {
            throw new IllegalArgumentException("index prefix must be 1 to " + MAX_PREFIX_LENGTH + " lower-case letters, digits, '-', '_' or '.',"
                    + " starting with a letter or digit, was '" + prefix + "'");
        }
        for (String r : RESERVED) {
            if (prefix.startsWith(r)) {
                throw new IllegalArgumentException("index prefix must not start with '" + r + "': Elasticsearch's built-in "
                        + r + "*-* template would make the indices data streams, was '" + prefix + "'");
            }
        }
        this.prefix = prefix;
        EnumMap<RetentionClass, IndexPeriod> p = new EnumMap<>(RetentionClass.class);
        p.put(RetentionClass.SECURITY, IndexPeriod.MONTH);
        p.put(RetentionClass.ACTIVITY, IndexPeriod.WEEK);
        p.put(RetentionClass.NOISE, IndexPeriod.WEEK);
        p.putAll(periods);
        this.periods = Map.copyOf(p);
    }

    /** Prefix {@code auth0-} and the default periods. */
    public static IndexLayout defaults() {
        return new IndexLayout("auth0-", Map.of());
    }

    public String prefix() {
        return prefix;
    }

    public IndexPeriod period(RetentionClass c) {
        return periods.get(c);
    }

    /** The index an event of class {@code c} dated {@code date} belongs in. */
    public String eventIndex(RetentionClass c, Instant date) {
        LocalDate day = LocalDate.ofInstant(date, ZoneOffset.UTC);
        return eventIndexPrefix(c) + periods.get(c).suffix(day);
    }

    /** {@code <prefix>logs-<class>-}: every event index of that class starts with it. */
    public String eventIndexPrefix(RetentionClass c) {
        return prefix + "logs-" + c.id() + "-";
    }

    /** Pattern matching every event index, for searches and templates. */
    public String eventIndexPattern() {
        return prefix + "logs-*";
    }

    public String alertIndex(Instant date) {
        return prefix + "alerts-" + IndexPeriod.MONTH.suffix(LocalDate.ofInstant(date, ZoneOffset.UTC));
    }

    public String alertIndexPattern() {
        return prefix + "alerts-*";
    }

    /** The append-only audit index of a year; never deleted by retention. */
    public String auditIndex(Instant at) {
        return prefix + "audit-" + LocalDate.ofInstant(at, ZoneOffset.UTC).getYear();
    }

    public String auditIndexPattern() {
        return prefix + "audit-*";
    }

    /**
     * Where a legal hold keeps copies of held events whose index is dropped. The case id is
     * lower-cased and every character other than a-z, 0-9, '_' and '-' becomes '-', so ids that
     * differ only there ({@code Case 7}, {@code case-7}) share an index.
     *
     * @throws IllegalArgumentException if the case id is blank or longer than {@value #MAX_CASE_LENGTH}
     */
    public String holdIndex(String caseId) {
        if (caseId == null || caseId.isBlank() || caseId.length() > MAX_CASE_LENGTH) {
            throw new IllegalArgumentException("a legal-hold case id must be 1 to " + MAX_CASE_LENGTH + " characters, was '" + caseId + "'");
        }
        return prefix + "hold-" + caseId.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
    }

    public String holdIndexPattern() {
        return prefix + "hold-*";
    }

    /** A parsed event index name. */
    public record EventIndex(String name, RetentionClass retentionClass, IndexPeriod period, LocalDate start) {
        /** First day after the index's period. */
        public LocalDate endExclusive() {
            return period.endExclusive(start);
        }
    }

    /** Parses an event index name of this layout; empty for anything else. */
    public Optional<EventIndex> parseEventIndex(String name) {
        for (RetentionClass c : RetentionClass.values()) {
            String p = eventIndexPrefix(c);
            if (name.startsWith(p)) {
                return IndexPeriod.parse(name.substring(p.length()))
                        .map(parsed -> new EventIndex(name, c, parsed.period(), parsed.start()));
            }
        }
        return Optional.empty();
    }
}
