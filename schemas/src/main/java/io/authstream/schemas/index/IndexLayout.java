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
 * <pre>
 * auth0-logs-security-2026.11      auth0-logs-activity-2026w48      auth0-logs-noise-2026w48
 * auth0-alerts-2026.11             auth0-audit-2026                  auth0-hold-&lt;case&gt;
 * </pre>
 */
public final class IndexLayout {
    private final String prefix;
    private final Map<RetentionClass, IndexPeriod> periods;

    public IndexLayout(String prefix, Map<RetentionClass, IndexPeriod> periods) {
        if (prefix == null || !prefix.matches("[a-z0-9][a-z0-9_.-]*")) {
            throw new IllegalArgumentException("index prefix must be lower-case letters, digits, '-', '_' or '.', was '" + prefix + "'");
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

    /** Where a legal hold keeps copies of held events whose index is dropped. */
    public String holdIndex(String caseId) {
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
