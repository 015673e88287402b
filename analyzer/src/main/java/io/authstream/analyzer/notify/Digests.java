package io.authstream.analyzer.notify;

import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertSeverity;
import io.authstream.schemas.record.AlertState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The alerts one destination's rate limit held, by rule, in the order the rules were first held.
 * When the limit allows one more message, the rule held longest goes out as one digest ("N more
 * alerts of rule X", every alert id in {@code details.held_ids}), so a flood of thousands costs a
 * few messages a minute and nothing is dropped. Used by one lane thread; {@link #size} from any.
 */
final class Digests {
    /** Ids quoted in the summary line; all of them are in {@code details.held_ids}. */
    static final int IDS_IN_SUMMARY = 20;
    private final String destination;
    private final int perMinute;
    private final Clock clock;
    private final Map<String, List<LaneQueue.Item>> byRule = new LinkedHashMap<>();
    private final AtomicInteger size = new AtomicInteger();

    Digests(String destination, int perMinute, Clock clock) {
        this.destination = destination;
        this.perMinute = perMinute;
        this.clock = clock;
    }

    void add(LaneQueue.Item item) {
        byRule.computeIfAbsent(item.alert.rule(), r -> new ArrayList<>()).add(item);
        size.incrementAndGet();
    }

    boolean isEmpty() {
        return byRule.isEmpty();
    }

    int size() {
        return size.get();
    }

    /** Removes and returns the held alerts of the rule held longest. */
    List<LaneQueue.Item> next() {
        String rule = byRule.keySet().iterator().next();
        List<LaneQueue.Item> items = byRule.remove(rule);
        size.addAndGet(-items.size());
        return items;
    }

    /** Items taken by {@link #next} that could not be sent yet: held again, first in line. */
    void putBack(List<LaneQueue.Item> items) {
        Map<String, List<LaneQueue.Item>> rest = new LinkedHashMap<>(byRule);
        byRule.clear();
        byRule.put(items.get(0).alert.rule(), new ArrayList<>(items));
        rest.forEach((r, l) -> byRule.merge(r, l, (a, b) -> {
            a.addAll(b);
            return a;
        }));
        size.addAndGet(items.size());
    }

    /** The one message standing for {@code items} (all of one rule): most severe of them, every id named. */
    Alert digest(List<LaneQueue.Item> items) {
        List<Alert> alerts = items.stream().map(i -> i.alert).toList();
        Alert first = alerts.get(0);
        Instant now = clock.instant();
        AlertSeverity sev = alerts.stream().map(Alert::severity).max(Comparator.naturalOrder()).orElseThrow();
        long resolved = alerts.stream().filter(a -> a.state() == AlertState.RESOLVED).count();
        List<String> ids = alerts.stream().map(Alert::id).toList();
        String quoted = String.join(", ", ids.subList(0, Math.min(IDS_IN_SUMMARY, ids.size())))
                + (ids.size() > IDS_IN_SUMMARY ? " and " + (ids.size() - IDS_IN_SUMMARY) + " more" : "");
        String title = alerts.size() + " more alerts of rule " + first.rule();
        String summary = title + " (" + (alerts.size() - resolved) + " firing or updated, " + resolved
                + " resolved), held by the rate limit of " + destination + " (" + perMinute + "/min): " + quoted;
        String key = "digest|" + first.rule() + "|" + destination;
        Map<String, String> details = new LinkedHashMap<>();
        details.put("digest", "true");
        details.put("held_count", String.valueOf(alerts.size()));
        details.put("held_ids", String.join(",", ids));
        details.put("held_keys", alerts.stream().map(Alert::key).distinct().collect(Collectors.joining(",")));
        return new Alert(Alert.idOf(key, now.toEpochMilli()), key, first.rule(), title, sev, AlertState.FIRING, 0,
                first.tenant(), first.stream(), Map.of(),
                alerts.stream().map(Alert::windowStart).min(Comparator.naturalOrder()).orElseThrow(),
                alerts.stream().map(Alert::windowEnd).max(Comparator.naturalOrder()).orElseThrow(), alerts.size(), 0, null,
                null, null, null, List.of(), summary,
                "A flood of " + first.rule() + " alerts reached this destination's rate limit. Every one of them is on "
                        + "the alerts topic and in the alerts index: look them up by the ids in details.held_ids.",
                details, now);
    }
}
