package io.authstream.analyzer.detection;

import io.authstream.analyzer.engine.AlertFacts;
import io.authstream.analyzer.engine.ClassifiedEvent;
import io.authstream.analyzer.engine.RuleSpec;
import io.authstream.analyzer.engine.RuleText;
import io.authstream.analyzer.engine.Signal;
import io.authstream.analyzer.engine.SpikeRule;
import io.authstream.schemas.catalogue.Category;
import io.authstream.schemas.catalogue.EventCode;
import io.authstream.schemas.record.AlertSeverity;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Failure spike (anomaly): authentication failures per minute per (tenant, stream) above
 * {@code max(floor, EWMA mean + k·σ)} of the tenant's own history, after a warm-up, and above
 * {@code ratio-factor} times the failures its usual failure-to-success ratio expects for the
 * minute's successful logins and token exchanges (so a launch at the usual ratio is no spike).
 */
public final class FailureSpike implements Detection {
    public static final String NAME = "failure-spike";
    private static final Set<String> SUCCESS_FILTERS = Set.of("auth.login.success", "auth.silent_auth.success",
            "auth.token_exchange.success");
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private final SpikeRule rule;
    private final Set<Category> categories;
    private final Set<String> successCodes;
    private final boolean on;

    FailureSpike(Knobs k) {
        on = k.enabled();
        Set<String> cats = k.list("categories", Set.of("auth-failure", "token-exchange-failure", "mfa-failure"));
        try {
            categories = cats.stream().map(Category::fromId).collect(Collectors.toUnmodifiableSet());
        } catch (IllegalArgumentException e) {
            throw new io.authstream.schemas.config.ConfigException(k.key("categories") + ": " + e.getMessage() + ".");
        }
        successCodes = k.list("success-codes", Set.of());
        rule = new SpikeRule(NAME, "Authentication failure spike", k.duration("bucket", Duration.ofMinutes(1)), k.grace(),
                k.positiveNumber("k", 4), k.positive("floor", 30), k.duration("half-life", Duration.ofHours(2)),
                k.count("warmup-buckets", 60), k.severity(AlertSeverity.HIGH), k.updates(), new Text(),
                k.positiveNumber("ratio-factor", 2));
    }

    /**
     * What the failures are weighed against: {@code success-codes} if set, else the catalogue's
     * successful logins, silent authentications and token exchanges, and MFA successes.
     */
    private boolean isSuccess(ClassifiedEvent e) {
        if (!successCodes.isEmpty()) {
            return successCodes.contains(e.type());
        }
        EventCode c = e.code();
        return !c.isFailure() && c.category() == Category.SUCCESS
                && (SUCCESS_FILTERS.contains(c.auth0Filter()) || "gd_auth_succeed".equals(c.code()));
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
        if (!on) {
            return;
        }
        if (e.code().isFailure() && categories.contains(e.code().category())) {
            out.accept(e.signal(NAME, Signal.Kind.COUNT, Map.of(), Map.of()));
        } else if (isSuccess(e)) {
            out.accept(e.signal(NAME, Signal.Kind.SUCCESS, Map.of(), Map.of()));
        }
    }

    private record Text() implements RuleText {
        @Override
        public String summary(AlertFacts f) {
            String peak = f.d("peak_bucket_count", Long.toString(f.count()));
            String peakAt = at(f.d("peak_bucket_start", null));
            String baseline = "limit " + f.threshold() + " (baseline " + f.d("baseline_mean", "?") + " ± "
                    + f.d("baseline_sigma", "?") + " failures per " + f.windowText() + ")";
            String ratio = f.details().containsKey("bucket_failure_ratio")
                    ? "; failure ratio " + f.d("bucket_failure_ratio", "?") + " % in that bucket vs "
                    + f.d("baseline_failure_ratio", "?") + " % in the baseline" : "";
            String where = " for " + f.tenant() + "/" + f.stream();
            String slidingEnd = f.d("sliding_end", null);
            if (slidingEnd != null) { // the firing: judged on the sliding bucket that ended at the crossing failure
                return f.count() + " authentication failures in the " + f.windowText() + " up to "
                        + HH_MM_SS.format(Instant.parse(slidingEnd)) + where + " (" + f.d("bucket_count", "?")
                        + " in the current bucket, the rest from the part of the one before that it covers)"
                        + ", above the " + baseline + ratio;
            }
            if (peak.equals(Long.toString(f.count()))) { // everything so far fell in the bucket that fired
                return f.count() + " authentication failures in the " + f.windowText() + " bucket from " + peakAt + where
                        + ", above the " + baseline + ratio;
            }
            return f.count() + " failures while open since " + at(f.d("first_bucket_start", null)) + where
                    + "; peak of " + peak + " authentication failures in one " + f.windowText() + " bucket (" + peakAt
                    + "), " + baseline + ratio;
        }

        private static String at(String iso) {
            return iso == null ? "?" : HH_MM.format(Instant.parse(iso));
        }

        @Override
        public String runbook(AlertFacts f) {
            return Texts.STATUS + "; " + Texts.CHANGES + ". Break the failures down by event.code, client and source.ip "
                    + "in the archive: one IP or ASN points to an attack, one client to a broken deploy.";
        }
    }
}
