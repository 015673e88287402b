package io.authstream.ops;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A component's health at one moment, and the three answers derived from it:
 * <ul>
 *   <li>startup: the component has finished starting once (it stays started);</li>
 *   <li>ready: started, not fatal, and every required check up;</li>
 *   <li>live: not in a fatal state (a state only a restart cures).</li>
 * </ul>
 *
 * @param fatal why the component cannot go on, or null
 * @param checks in the order they are shown
 */
public record HealthSnapshot(String component, boolean started, String fatal, Map<String, Check> checks) {

    public HealthSnapshot {
        fatal = fatal == null ? null : Reasons.clean(fatal);
        checks = Collections.unmodifiableMap(new LinkedHashMap<>(checks));
    }

    public boolean live() {
        return fatal == null;
    }

    public boolean ready() {
        return started && live() && checks.values().stream().filter(Check::required).allMatch(Check::isUp);
    }

    public boolean startup() {
        return started;
    }

    /** Whether every required check is up, regardless of {@link #started}. */
    boolean requiredUp() {
        return checks.values().stream().filter(Check::required).allMatch(Check::isUp);
    }

    /** The answer of one probe. */
    public boolean passes(Probe probe) {
        return switch (probe) {
            case LIVE -> live();
            case READY -> ready();
            case STARTUP -> startup();
        };
    }
}
