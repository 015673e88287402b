package io.authstream.embedded.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * One injected attack of a {@link RecallScenario} and the alert it must raise.
 *
 * @param rule        the rule id whose FIRING alert detects it (e.g. {@code brute-force})
 * @param subjects    the values one of which the alert's {@code group} must name (an IP, a user
 *                    name or id, a client id, a code); empty for tenant-wide rules
 * @param window      the rule's default window (for a baseline rule its bucket)
 * @param threshold   the default count the attack must reach within {@code window}
 * @param placement   where the burst sits relative to the clock
 * @param events      indices into {@link RecallScenario#events()} of the attack's events, in time order
 * @param crossing    index into {@link RecallScenario#events()} of the event that reaches the threshold
 */
public record RecallLabel(String rule, Set<String> subjects, Duration window, long threshold, Placement placement,
                          int[] events, int crossing, Instant first, Instant last) {
    public RecallLabel {
        subjects = Set.copyOf(subjects);
        events = events.clone();
    }

    /** Where a burst is placed. */
    public enum Placement {
        /** At a random offset. */
        RANDOM,
        /** Centred on a multiple of the rule's window since the epoch, where tumbling windows split it. */
        BOUNDARY
    }

    /** Whether an alert of {@code alertRule} naming {@code groupValues}, for events from {@code windowStart}, is this attack's. */
    public boolean matches(String alertRule, java.util.Collection<String> groupValues, Instant windowStart) {
        if (!rule.equals(alertRule)) {
            return false;
        }
        if (!subjects.isEmpty() && groupValues.stream().noneMatch(v -> subjects.contains(v))) {
            return false;
        }
        return windowStart == null
                || !windowStart.isBefore(first.minus(window)) && !windowStart.isAfter(last.plus(window));
    }
}
