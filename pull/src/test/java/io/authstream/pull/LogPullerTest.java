package io.authstream.pull;

import io.authstream.embedded.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstream.embedded.emulator.ManagementApiEmulator;
import io.authstream.schemas.record.RejectedEvent;
import io.authstream.schemas.topic.Topics;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LogPullerTest {
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    private ManagementApiEmulator auth0;
    private final MutableClock clock = new MutableClock(Instant.now());
    private final Fakes.Sink sink = new Fakes.Sink();
    private final Fakes.Store store = new Fakes.Store();
    private final Fakes.Sleeps sleeps = new Fakes.Sleeps(clock);
    private PullConfig config;

    @BeforeEach
    void start() {
        auth0 = ManagementApiEmulator.start(Fakes.CLIENT_ID, Fakes.CLIENT_SECRET, Duration.ofHours(24), 0, Clock.systemUTC());
        config = Fakes.pullConfig(auth0.baseUri());
    }

    @AfterEach
    void stop() {
        auth0.close();
    }

    private LogPuller puller(PullConfig c) {
        HttpClient http = HttpClient.newHttpClient();
        return new LogPuller(c, new LogsApi(http, new TokenSource(http, c, clock), c), sink, store, clock, sleeps, new Random(7));
    }

    private static String logId(byte[] envelope) {
        String s = new String(envelope, StandardCharsets.UTF_8);
        int i = s.indexOf("\"log_id\":\"") + 10;
        return s.substring(i, s.indexOf('"', i));
    }

    @Test
    void pullsEveryPageFollowingLinkNextAndCheckpointsTheLastLogIdOfEach() throws Exception {
        List<byte[]> events = TestLogs.envelopes(1, T0, 35);
        auth0.addEnvelopes(events);
        LogPuller p = puller(config);

        assertThat(List.of(p.step().events(), p.step().events(), p.step().events(), p.step().events())).containsExactly(10, 10, 10, 5);
        LogPuller.Step caughtUp = p.step();

        assertThat(caughtUp.kind()).isEqualTo(LogPuller.Step.Kind.EMPTY);
        assertThat(caughtUp.delay()).isEqualTo(Duration.ofSeconds(15));
        List<String> expected = events.stream().map(LogPullerTest::logId).sorted().toList();
        assertThat(sink.keys(Topics.EVENTS)).containsExactlyElementsOf(expected);
        assertThat(store.values).containsEntry("acme", expected.get(34));
        assertThat(store.writes).isEqualTo(4);
        assertThat(auth0.tokensIssued()).isEqualTo(1);
    }

    @Test
    void recordsFollowTheIngestContractWithTheEnvelopeAroundTheVerbatimLogBytes() throws Exception {
        String bare = "{\"date\":\"2026-11-30T10:00:00.123Z\",\"type\":\"s\",\"log_id\":\"90020261130100000123\","
                + "\"details\":{\"initiatedAt\":1.743012420759E12,\"elapsedTime\":1800.0}}";
        auth0.addLogs(List.of(bare.getBytes(StandardCharsets.UTF_8)));

        puller(config).step();

        ProducerRecord<String, byte[]> r = sink.records.get(0);
        assertThat(r.topic()).isEqualTo("auth0-log-events");
        assertThat(r.key()).isEqualTo("90020261130100000123");
        assertThat(new String(r.value(), StandardCharsets.UTF_8))
                .isEqualTo("{\"log_id\":\"90020261130100000123\",\"data\":" + bare + "}");
        assertThat(header(r, Topics.HEADER_TENANT)).isEqualTo("acme");
        assertThat(header(r, Topics.HEADER_STREAM)).isEqualTo("pull");
        assertThat(header(r, PullRecords.HEADER_SOURCE)).isEqualTo("pull");
        assertThat(Instant.parse(header(r, Topics.HEADER_RECEIVED_AT))).isEqualTo(clock.instant());
    }

    @Test
    void sendsAnInvalidLogToTheDeadLetterTopicWithItsReasonAndGoesOn() throws Exception {
        auth0.addLogs(List.of("{\"log_id\":\"900201\",\"type\":\"s\",\"date\":\"yesterday\"}".getBytes(StandardCharsets.UTF_8),
                "{\"log_id\":\"900202\",\"type\":\"s\",\"date\":\"2026-11-30T10:00:00Z\"}".getBytes(StandardCharsets.UTF_8)));

        LogPuller.Step s = puller(config).step();

        assertThat(s.events()).isEqualTo(1);
        assertThat(s.rejected()).isEqualTo(1);
        ProducerRecord<String, byte[]> dead = sink.records.stream().filter(r -> r.topic().equals(Topics.REJECTED)).findFirst().orElseThrow();
        RejectedEvent e = RejectedEvent.fromJson(dead.value());
        assertThat(e.source()).isEqualTo("pull");
        assertThat(e.logId()).isEqualTo("900201");
        assertThat(e.reason()).contains("data.date is not ISO-8601");
        assertThat(header(dead, Topics.HEADER_REASON)).isEqualTo("invalid-envelope");
        assertThat(store.values).containsEntry("acme", "900202");
    }

    @Test
    void waitsForTheRateLimitResetAfter429AndThenFetchesTheSamePage() throws Exception {
        List<byte[]> events = TestLogs.envelopes(2, T0, 20);
        auth0.addEnvelopes(events);
        LogPuller p = puller(config);
        p.step();
        auth0.throttleNext(1);
        clock.advance(Duration.ofMillis(-clock.instant().toEpochMilli() % 1000)); // on a whole second: reset is 1 s away

        LogPuller.Step limited = p.step();
        LogPuller.Step retried = p.step();

        assertThat(limited.kind()).isEqualTo(LogPuller.Step.Kind.RATE_LIMITED);
        assertThat(limited.delay()).isBetween(Duration.ZERO, Duration.ofSeconds(3));
        assertThat(retried.events()).isEqualTo(10);
        assertThat(sink.keys(Topics.EVENTS)).doesNotHaveDuplicates().hasSize(20);
        assertThat(p.stats().rateLimitedCount()).isEqualTo(1);
    }

    @Test
    void doesNotAdvanceTheCheckpointWhenKafkaDidNotAcknowledgeThePage() throws Exception {
        auth0.addEnvelopes(TestLogs.envelopes(3, T0, 10));
        LogPuller p = puller(config);
        sink.failNext = 1;

        LogPuller.Step failed = p.step();

        assertThat(failed.kind()).isEqualTo(LogPuller.Step.Kind.FAILED);
        assertThat(failed.delay()).isPositive();
        assertThat(store.values).isEmpty();
        assertThat(p.step().events()).isEqualTo(10);
        assertThat(store.values).containsKey("acme");
    }

    @Test
    void backsOffAndRetriesWhenTheCheckpointCannotBeRead() throws Exception {
        auth0.addEnvelopes(TestLogs.envelopes(5, T0, 3));
        store.failReads = 1;
        LogPuller p = puller(config);

        assertThat(p.step().kind()).isEqualTo(LogPuller.Step.Kind.FAILED);
        assertThat(p.step().events()).isEqualTo(3);
    }

    @Test
    void continuesAfterTheStoredCheckpoint() throws Exception {
        List<byte[]> events = TestLogs.envelopes(4, T0, 15);
        auth0.addEnvelopes(events);
        List<String> ids = events.stream().map(LogPullerTest::logId).sorted().toList();
        store.values.put("acme", ids.get(9));

        LogPuller.Step s = puller(config).step();

        assertThat(s.events()).isEqualTo(5);
        assertThat(sink.keys(Topics.EVENTS)).containsExactlyElementsOf(ids.subList(10, 15));
    }

    @Test
    void keepsRequestsAtMostMaxRateApart() throws Exception {
        java.util.Map<String, String> m = Fakes.config(auth0.baseUri());
        m.put("pull.max-rate", "2");
        PullConfig slow = PullConfig.from(io.authstream.schemas.config.Config.of(m));
        LogPuller p = puller(slow);

        p.step();
        p.step();

        assertThat(sleeps.waits).containsExactly(Duration.ofMillis(500));
    }

    @Test
    void stopsWithAFatalErrorWhenTheClientSecretIsWrong() {
        java.util.Map<String, String> m = Fakes.config(auth0.baseUri());
        m.put("pull.client-secret", "wrong-secret-0123456789");
        LogPuller p = puller(PullConfig.from(io.authstream.schemas.config.Config.of(m)));

        assertThatThrownBy(p::step).isInstanceOf(PullException.class).hasMessageContaining("pull.client-secret")
                .matches(e -> ((PullException) e).fatal());
    }

    @Test
    void statsSayWhetherTheManagementApiAnsweredAndWhetherKafkaTookTheLastWrite() throws Exception {
        auth0.addEnvelopes(TestLogs.envelopes(1, T0, 12));
        LogPuller p = puller(config);
        assertThat(p.stats().apiProblem()).as("no answer yet").isNull();
        assertThat(p.stats().kafkaProblem()).isEmpty();

        sink.failNext = 1;
        p.step();
        assertThat(p.stats().apiProblem()).isEmpty();
        assertThat(p.stats().kafkaProblem()).isEqualTo("broker gone");

        p.step();
        assertThat(p.stats().kafkaProblem()).isEmpty();
    }

    private static String header(ProducerRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
