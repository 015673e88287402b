package io.authstream.analyzer.detection;

import io.authstream.analyzer.engine.AlertFacts;
import io.authstream.analyzer.engine.ClassifiedEvent;
import io.authstream.analyzer.engine.RuleSpec;
import io.authstream.analyzer.engine.RuleText;
import io.authstream.analyzer.engine.Signal;
import io.authstream.analyzer.engine.SilenceRule;
import io.authstream.schemas.record.AlertSeverity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Stream silence: no event from a stream for 15 min of wall-clock time → alert (Auth0 pauses a
 * failing stream); resolves when events return. Every stream seen is watched; streams listed in
 * {@code streams} ({@code tenant/stream}) are watched from start-up.
 */
public final class StreamSilence implements Detection {
    public static final String NAME = "stream-silence";
    private final SilenceRule rule;
    private final boolean on;

    StreamSilence(Knobs k) {
        on = k.enabled();
        Set<String> streams = k.list("streams", Set.of());
        for (String s : streams) {
            if (s.split("/").length != 2) {
                throw new io.authstream.schemas.config.ConfigException(k.key("streams")
                        + " must list tenant/stream pairs, was '" + s + "'.");
            }
        }
        rule = new SilenceRule(NAME, "Log stream silent", k.duration("silence", Duration.ofMinutes(15)),
                k.duration("heartbeat", Duration.ofSeconds(30)), streams, k.severity(AlertSeverity.HIGH), new Text());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<RuleSpec> rules() {
        return on ? List.of(rule) : List.of();
    }

    public SilenceRule rule() {
        return rule;
    }

    @Override
    public void signals(ClassifiedEvent e, Consumer<Signal> out) {
        if (on) {
            long at = e.receivedAt() >= 0 ? e.receivedAt() : -1;
            out.accept(new Signal(NAME, e.tenant(), e.stream(), Map.of(), Signal.Kind.HEARTBEAT, "", at, null, null,
                    Map.of()));
        }
    }

    /** Seeds for the configured streams. */
    public List<Signal> seeds(long now) {
        return rule.streams().stream().map(s -> s.split("/"))
                .map(p -> new Signal(NAME, p[0], p[1], Map.of(), Signal.Kind.SEED, "", now, null, null, Map.of()))
                .toList();
    }

    private record Text() implements RuleText {
        @Override
        public String summary(AlertFacts f) {
            return "No events from log stream " + f.tenant() + "/" + f.stream() + " for " + f.d("silent_minutes", "?")
                    + " min (limit " + f.windowText() + ")";
        }

        @Override
        public String runbook(AlertFacts f) {
            return "Open the stream's Health view in the Auth0 dashboard (Monitoring > Streams): Auth0 pauses or disables "
                    + "a stream after delivery errors. Check ingest's health and 5xx/401 counts, then " + Texts.STATUS
                    + ". After fixing, resume the stream; events are queued within the tenant's log retention.";
        }
    }
}
