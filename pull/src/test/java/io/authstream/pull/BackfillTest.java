package io.authstream.pull;

import io.authstream.embedded.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.embedded.emulator.ManagementApiEmulator;
import io.authstream.schemas.topic.Topics;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BackfillTest {
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    private ManagementApiEmulator auth0;
    private final MutableClock clock = new MutableClock(Instant.now());
    private final Fakes.Sink sink = new Fakes.Sink();
    private final Fakes.Sleeps sleeps = new Fakes.Sleeps(clock);
    private Backfill backfill;

    @BeforeEach
    void start() {
        auth0 = ManagementApiEmulator.start(Fakes.CLIENT_ID, Fakes.CLIENT_SECRET, Duration.ofHours(24), 0, Clock.systemUTC());
        // 60 events, one every 10 minutes from 10:00 to 19:50
        List<byte[]> events = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            events.addAll(TestLogs.envelopes(i, T0.plus(Duration.ofMinutes(10L * i)), 1));
        }
        auth0.addEnvelopes(events);
        PullConfig c = Fakes.pullConfig(auth0.baseUri());
        HttpClient http = HttpClient.newHttpClient();
        LogPuller p = new LogPuller(c, new LogsApi(http, new TokenSource(http, c, clock), c), sink, new Fakes.Store(), clock, sleeps,
                new Random(3));
        backfill = new Backfill(p, sleeps, clock, Duration.ZERO);
    }

    @AfterEach
    void stop() {
        auth0.close();
    }

    @Test
    void turnsATimeIntoTheSyntheticLogIdThatSortsBeforeEveryEventOfThatSecond() {
        assertThat(Backfill.startId("2026-11-30T12:00:00Z")).isEqualTo("90020261130120000" + "0".repeat(39));
        assertThat(Backfill.startId("90020261130120000123")).isEqualTo("90020261130120000123");
    }

    @Test
    void startsAtTheFirstEventAtOrAfterSinceAndRunsUntilCaughtUp() throws Exception {
        Backfill.Progress done = backfill.run("2026-11-30T12:00:00Z", Optional.empty(), p -> { });

        assertThat(done.events()).isEqualTo(48); // 12:00 … 19:50
        assertThat(sink.keys(Topics.EVENTS)).hasSize(48);
        assertThat(done.done()).isTrue();
    }

    @Test
    void stopsAtTheFirstPageThatStartsWellAfterUntilAndReportsAnEta() throws Exception {
        List<Backfill.Progress> reports = new ArrayList<>();

        Backfill.Progress done = backfill.run("2026-11-30T10:00:00Z", Optional.of(Instant.parse("2026-11-30T12:00:00Z")), reports::add);

        // pages of 10 cover 100 minutes each: 10:00-11:30, 11:40-13:10 (ends after until), 13:20… starts after until + 5 min
        assertThat(done.events()).isEqualTo(30);
        assertThat(reports).anyMatch(r -> r.eta().isPresent());
        assertThat(reports.get(reports.size() - 1).done()).isTrue();
    }
}
