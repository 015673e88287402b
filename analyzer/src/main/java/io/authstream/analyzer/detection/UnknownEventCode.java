package io.authstream.analyzer.detection;

import io.authstream.analyzer.engine.AlertFacts;
import io.authstream.analyzer.engine.ClassifiedEvent;
import io.authstream.analyzer.engine.RuleSpec;
import io.authstream.analyzer.engine.RuleText;
import io.authstream.analyzer.engine.Signal;
import io.authstream.analyzer.engine.ThresholdRule;
import io.authstream.schemas.record.AlertSeverity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Unknown event code: the first sighting of a code the catalogue lacks, per (tenant, stream, code) per day → info. */
public final class UnknownEventCode implements Detection {
    public static final String NAME = "unknown-event-code";
    private final ThresholdRule rule;
    private final boolean on;

    UnknownEventCode(Knobs k) {
        on = k.enabled();
        rule = Rules.threshold(k.quiet(), NAME, "Unknown event code", 1, Duration.ofDays(1), AlertSeverity.INFO, null, false, false,
                new Text());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<RuleSpec> rules() {
        return on ? List.of(rule) : List.of();
    }

    @Override
    public void signals(ClassifiedEvent e, Consumer<Signal> out) {
        if (on && !e.code().known()) {
            out.accept(e.signal(NAME, Signal.Kind.COUNT, Map.of("code", e.type()),
                    Map.of("description", e.event().description().orElse(""))));
        }
    }

    private record Text() implements RuleText {
        @Override
        public String summary(AlertFacts f) {
            return "Event code '" + f.g("code") + "' is not in the authstream catalogue (first seen in "
                    + f.tenant() + "/" + f.stream() + ")";
        }

        @Override
        public String runbook(AlertFacts f) {
            return "Look the code up in Auth0's log event type codes and add it to a catalogue override file "
                    + "(schemas/CATALOGUE.md); until then it is archived as security-class and no detection counts it.";
        }
    }
}
