package io.authstream.analyzer.engine;

import io.authstream.schemas.record.AlertSeverity;
import java.time.Duration;
import java.util.Set;

/**
 * Fires when a stream has sent nothing for {@link #silence} of wall-clock time (by ingest's
 * received-at header when present), resolves when events return.
 *
 * @param streams the {@code tenant/stream} pairs watched from start-up even before their first
 *                event; every stream seen is watched regardless
 * @param heartbeat how often, at most, the first stage reports a live stream per task
 */
public record SilenceRule(String id, String title, Duration silence, Duration heartbeat, Set<String> streams,
                          AlertSeverity severity, RuleText text) implements RuleSpec {
    public SilenceRule {
        streams = Set.copyOf(streams);
    }
}
