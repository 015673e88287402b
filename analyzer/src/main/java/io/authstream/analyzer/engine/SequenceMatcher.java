package io.authstream.analyzer.engine;

import io.authstream.analyzer.engine.SequenceState.Entry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds a complete chain of a {@link SequenceRule} among remembered events, by event time (so the
 * order in which the events arrived does not matter): step 1's {@code count} events fit in its
 * {@code within}; each later step's events come at or after the previous step's last event and at
 * most its {@code within} after it. One event serves at most one step. Inputs are tiny (bounded
 * per step), so every candidate is tried.
 */
final class SequenceMatcher {
    private SequenceMatcher() {
    }

    /** The events of each step of the first complete chain found, or empty. */
    static Optional<List<List<Entry>>> find(SequenceRule rule, List<Entry> entries) {
        List<List<Entry>> chain = new ArrayList<>();
        return step(rule, entries, 0, Long.MIN_VALUE, new HashSet<>(), chain) ? Optional.of(chain) : Optional.empty();
    }

    private static boolean step(SequenceRule rule, List<Entry> entries, int i, long previousEnd, Set<String> used,
                                List<List<Entry>> chain) {
        if (i == rule.steps().size()) {
            return true;
        }
        SequenceRule.Step s = rule.steps().get(i);
        long within = s.within().toMillis();
        List<Entry> candidates = entries.stream()
                .filter(e -> e.step().equals(s.name()) && !used.contains(e.logId()))
                .filter(e -> i == 0 || (e.time() >= previousEnd && e.time() - previousEnd <= within))
                .sorted(Comparator.comparingLong(Entry::time)).toList();
        for (int end = s.count() - 1; end < candidates.size(); end++) {
            List<Entry> group = candidates.subList(end - s.count() + 1, end + 1);
            if (i == 0 && group.get(group.size() - 1).time() - group.get(0).time() > within) {
                continue;
            }
            List<String> ids = group.stream().map(Entry::logId).toList();
            used.addAll(ids);
            chain.add(List.copyOf(group));
            if (step(rule, entries, i + 1, group.get(group.size() - 1).time(), used, chain)) {
                return true;
            }
            chain.remove(chain.size() - 1);
            ids.forEach(used::remove);
        }
        return false;
    }
}
