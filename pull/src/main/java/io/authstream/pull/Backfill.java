package io.authstream.pull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A bounded pull: from {@code --since} (a {@code log_id}, or a time turned into a synthetic
 * time-prefixed {@code log_id}) until caught up, or until a page starts more than {@link #MARGIN}
 * after {@code --until} (checkpoint order is by {@code log_id}, and Auth0 does not promise date order).
 *
 * <p>Limit: a time works only because Auth0's log ids start with {@code 900} and the UTC time
 * {@code yyyyMMddHHmmss} (observed, not documented; Elastic's integration relies on the same).
 * Events after {@code --until} on the last page are produced too: duplicates cost nothing downstream.
 */
public final class Backfill {
    static final Duration MARGIN = Duration.ofMinutes(5);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private final LogPuller puller;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Duration progressEvery;

    /** Progress so far; {@code eta} only when {@code --until} was given and the start time is known. */
    public record Progress(long pages, long events, long rejected, double eventsPerSecond, Optional<Duration> eta, boolean done) {
    }

    public Backfill(LogPuller puller, Sleeper sleeper, Clock clock, Duration progressEvery) {
        this.puller = puller;
        this.sleeper = sleeper;
        this.clock = clock;
        this.progressEvery = progressEvery;
    }

    /** {@code since} as the {@code log_id} to start after: itself, or the synthetic id of an ISO time. */
    public static String startId(String since) {
        return parseTime(since).map(t -> "900" + ID_TIME.format(t) + "0".repeat(39)).orElse(since);
    }

    /** The time an Auth0-shaped id (or ISO text) stands for, if it can be read. */
    static Optional<Instant> parseTime(String since) {
        try {
            return Optional.of(Instant.parse(since));
        } catch (DateTimeParseException e) {
            // not an instant: a local date-time or date (UTC), or a log_id
        }
        try {
            return Optional.of(LocalDateTime.parse(since).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            // fall through
        }
        try {
            return Optional.of(java.time.LocalDate.parse(since).atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> idTime(String id) {
        if (id.length() < 17 || !id.startsWith("900") || !id.substring(3, 17).chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(id.substring(3, 17), DateTimeFormatter.ofPattern("yyyyMMddHHmmss")).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Runs to the end, calling {@code progress} every {@code progressEvery} and once when done. */
    public Progress run(String since, Optional<Instant> until, Consumer<Progress> progress) throws InterruptedException {
        String start = startId(since);
        Optional<Instant> from = parseTime(since).or(() -> idTime(start));
        puller.startAfter(start);
        Instant began = clock.instant();
        Instant lastReport = began;
        Instant reached = from.orElse(null);
        while (true) {
            LogPuller.Step s = puller.step();
            if (s.kind() == LogPuller.Step.Kind.EMPTY) {
                break;
            }
            if (s.kind() == LogPuller.Step.Kind.EVENTS && s.oldestDate() != null) {
                reached = reached == null || s.oldestDate().isAfter(reached) ? s.oldestDate() : reached;
                if (until.isPresent() && s.oldestDate().isAfter(until.get().plus(MARGIN))) {
                    break;
                }
            }
            if (!s.delay().isZero()) {
                sleeper.sleep(s.delay());
            }
            if (Duration.between(lastReport, clock.instant()).compareTo(progressEvery) >= 0) {
                lastReport = clock.instant();
                progress.accept(progress(began, from, until, reached, false));
            }
        }
        Progress done = progress(began, from, until, reached, true);
        progress.accept(done);
        return done;
    }

    private Progress progress(Instant began, Optional<Instant> from, Optional<Instant> until, Instant reached, boolean done) {
        PullStats st = puller.stats();
        double secs = Math.max(0.001, Duration.between(began, clock.instant()).toMillis() / 1000.0);
        Optional<Duration> eta = Optional.empty();
        if (!done && until.isPresent() && from.isPresent() && reached != null) {
            double total = Duration.between(from.get(), until.get()).toMillis();
            double covered = Duration.between(from.get(), reached).toMillis();
            if (total > 0 && covered > 0) {
                double f = Math.min(1, covered / total);
                eta = Optional.of(Duration.ofMillis((long) (secs * 1000 * (1 - f) / f)));
            }
        }
        return new Progress(st.pages(), st.events(), st.rejected(), st.events() / secs, eta, done);
    }
}
