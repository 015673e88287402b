package io.authstream.embedded.emulator;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Measures recall against a running stack: plays one {@link RecallScenario} per seed through the
 * webhook, seeds one after another in event time (each span follows the previous one and the last
 * ends about now, so stream time only moves forward), reads the alerts topic meanwhile, and
 * scores what came out with {@link RecallScore}.
 */
public final class RecallRun {
    /**
     * @param alertsTopic the topic alerts are written to ({@code auth0-alerts})
     * @param rate        events per second to post at; 0 posts as fast as the stack answers
     * @param settle      how long to wait after the last post for alerts still on their way (less if all came)
     */
    public record Options(URI url, String token, String bootstrapServers, String alertsTopic, long firstSeed, int seeds,
                          Duration span, int perMinute, int batch, double rate, Duration settle, String tenant) {
        public Options {
            if (seeds <= 0 || batch <= 0) {
                throw new IllegalArgumentException("seeds and batch must be positive");
            }
            if (rate < 0) {
                throw new IllegalArgumentException("rate must not be negative");
            }
        }
    }

    /** The score and how much was sent. */
    public record Result(RecallScore.Report report, long events, long undelivered, double seconds) {
    }

    private final Options o;
    private final Consumer<String> progress;

    public RecallRun(Options options, Consumer<String> progress) {
        this.o = options;
        this.progress = progress;
    }

    public Result run() throws InterruptedException {
        RecallScore score = new RecallScore();
        long t0 = System.nanoTime();
        long events = 0;
        long undelivered = 0;
        try (AlertTap tap = new AlertTap(o.bootstrapServers(), o.alertsTopic(), Duration.ofSeconds(30))) {
            Instant first = Instant.now().minus(o.span().multipliedBy(o.seeds()));
            for (int k = 0; k < o.seeds(); k++) {
                long seed = o.firstSeed() + k;
                RecallScenario s = new RecallScenarioGenerator(seed, o.tenant())
                        .generate(first.plus(o.span().multipliedBy(k)), o.span(), o.perMinute());
                progress.accept(String.format(Locale.ROOT, "recall: seed %d (%d/%d): %d events, %d attacks, launch %s",
                        seed, k + 1, o.seeds(), s.size(), s.labels().size(), s.facts().get("launch.from")));
                long[] postedAt = post(s, seed, k, tap);
                events += s.size();
                undelivered += postedAt.length == 0 ? s.size() : 0;
                for (RecallLabel l : s.labels()) {
                    score.add(new RecallScore.Played(seed, l, postedAt.length == 0 ? 0 : postedAt[l.crossing()]));
                }
            }
            long deadline = System.nanoTime() + o.settle().toNanos();
            while (System.nanoTime() < deadline && !score.allDetected(tap.alerts())) {
                Thread.sleep(250);
            }
            Thread.sleep(Math.min(2000, o.settle().toMillis())); // a false alert just behind the last true one still counts
            List<ObservedAlert> alerts = tap.alerts();
            progress.accept("recall: " + alerts.size() + " alert records read");
            return new Result(score.score(alerts), events, undelivered, (System.nanoTime() - t0) / 1e9);
        }
    }

    /**
     * Sends the scenario; returns for each event the wall time (epoch ms) when the request carrying
     * it was sent, or an empty array if some of it could not be delivered.
     */
    private long[] post(RecallScenario s, long seed, int k, AlertTap tap) {
        LogStreamEmulator.Options opts = LogStreamEmulator.Options.defaults(o.url(), o.token())
                .withFormat(ContentFormat.JSONLINES).withBatchSize(o.batch()).withRate(o.rate())
                .withRetry(3, Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofMinutes(1));
        long[] postedAt = new long[s.size()];
        List<long[]> marks = new ArrayList<>(); // {events sent so far, wall time}: each next request starts then
        long start = System.currentTimeMillis();
        marks.add(new long[] {0, start});
        long[] lastPrint = {System.nanoTime()};
        ReplaySummary sum = new LogStreamEmulator(opts).replay(s.events(), p -> {
            marks.add(new long[] {p.sent(), System.currentTimeMillis()});
            if (System.nanoTime() - lastPrint[0] > 2_000_000_000L) {
                lastPrint[0] = System.nanoTime();
                progress.accept(String.format(Locale.ROOT, "recall: seed %d: %d/%d posted, %d alert records so far",
                        seed, p.sent(), s.size(), tap.alerts().size()));
            }
        });
        int m = 0;
        for (int i = 0; i < postedAt.length; i++) {
            while (m + 1 < marks.size() && marks.get(m + 1)[0] <= i) {
                m++;
            }
            postedAt[i] = marks.get(m)[1];
        }
        progress.accept(String.format(Locale.ROOT, "recall: seed %d (%d/%d) posted: %s", seed, k + 1, o.seeds(), sum.render()));
        return sum.undelivered() == 0 ? postedAt : new long[0];
    }
}
