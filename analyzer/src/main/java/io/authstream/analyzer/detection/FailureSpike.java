package io.authstream.analyzer.detection;

import io.authstream.analyzer.engine.AlertFacts;
import io.authstream.analyzer.engine.ClassifiedEvent;
import io.authstream.analyzer.engine.RuleSpec;
import io.authstream.analyzer.engine.RuleText;
import io.authstream.analyzer.engine.Signal;
import io.authstream.analyzer.engine.SpikeRule;
import io.authstream.schemas.catalogue.Category;
import io.authstream.schemas.record.AlertSeverity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Failure spike (anomaly): authentication failures per minute per (tenant, stream) above
 * {@code max(floor, EWMA mean + k·σ)} of the tenant's own history, after a warm-up.
 */
public final class FailureSpike implements Detection {
    public static final String NAME = "failure-spike";
    private final SpikeRule rule;
    private final Set<Category> categories;
    private final boolean on;

    FailureSpike(Knobs k) {
        on = k.enabled();
        Set<String> cats = k.list("categories", Set.of("auth-failure", "token-exchange-failure", "mfa-failure"));
        try {
            categories = cats.stream().map(Category::fromId).collect(Collectors.toUnmodifiableSet());
        } catch (IllegalArgumentException e) {
            throw new io.authstream.schemas.config.ConfigException(k.key("categories") + ": " + e.getMessage() + ".");
        }
        rule = new SpikeRule(NAME, "Authentication failure spike", k.duration("bucket", Duration.ofMinutes(1)), k.grace(),
                k.positiveNumber("k", 4), k.positive("floor", 30), k.duration("half-life", Duration.ofHours(2)),
                k.count("warmup-buckets", 60), k.severity(AlertSeverity.HIGH), k.updates(), new Text());
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
        if (on && e.code().isFailure() && categories.contains(e.code().category())) {
            out.accept(e.signal(NAME, Signal.Kind.COUNT, Map.of(), Map.of()));
        }
    }

    private record Text() implements RuleText {
        @Override
        public String summary(AlertFacts f) {
            return f.count() + " authentication failures in one " + f.windowText() + " for " + f.tenant() + "/" + f.stream()
                    + ", above the limit of " + f.threshold() + " (baseline " + f.d("baseline_mean", "?") + " ± "
                    + f.d("baseline_sigma", "?") + ")";
        }

        @Override
        public String runbook(AlertFacts f) {
            return Texts.STATUS + "; " + Texts.CHANGES + ". Break the failures down by event.code, client and source.ip "
                    + "in the archive: one IP or ASN points to an attack, one client to a broken deploy.";
        }
    }
}
