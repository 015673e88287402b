package io.authstream.analyzer.notify;

import io.authstream.embedded.MutableClock;
import static io.authstream.analyzer.notify.NotifierTest.alert;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authstream.schemas.config.Config;
import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertSeverity;
import io.authstream.schemas.record.AlertState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Nothing lost, nothing doubled: retries without a give-up, back-pressure, delivery state across restarts. */
class DeliveryTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant T = Instant.parse("2026-11-27T10:00:00Z");
    private final Receiver receiver = new Receiver();
    private final MutableClock clock = new MutableClock(T.plusSeconds(61));
    private final StateLog.Memory log = new StateLog.Memory();
    private final List<Dispatcher> dispatchers = new ArrayList<>();
    private NotifierMetrics metrics;

    @AfterEach
    void close() {
        dispatchers.forEach(Dispatcher::close);
        receiver.close();
    }

    private Dispatcher start(String... extra) {
        Map<String, String> m = new HashMap<>();
        m.put("kafka.bootstrap.servers", "unused:9092");
        m.put("notifier.retry.initial-backoff", "5ms");
        m.put("notifier.retry.max-backoff", "20ms");
        m.put("notifier.destinations.hook.type", "webhook");
        m.put("notifier.destinations.hook.url", receiver.url("/hook"));
        m.put("notifier.destinations.pager.type", "pagerduty");
        m.put("notifier.destinations.pager.url", receiver.url("/pd"));
        m.put("notifier.destinations.pager.routing-key", "R0UT1NGKEY");
        for (int i = 0; i < extra.length; i += 2) {
            m.put(extra[i], extra[i + 1]);
        }
        metrics = new NotifierMetrics(new SimpleMeterRegistry());
        log.rewind(); // as a new process: read the state back from the start
        Dispatcher d = Notifier.builder(NotifierConfig.from(Config.of(m)), new SimpleMeterRegistry()).clock(clock)
                .stateLog(log).dispatcher(metrics);
        dispatchers.add(d);
        return d;
    }

    private static CountDownLatch submit(Dispatcher d, Alert a) {
        List<Dispatcher.Delivery> plan = d.plan(a);
        CountDownLatch done = new CountDownLatch(plan.size());
        d.deliver(plan, done::countDown);
        return done;
    }

    private static void await(CountDownLatch... latches) throws InterruptedException {
        for (CountDownLatch l : latches) {
            assertThat(l.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("deliveries finished").isTrue();
        }
    }

    /** Requests to {@code path} that were answered 2xx, as (alert id, state) from the webhook body. */
    private List<String> accepted(List<Receiver.Request> all, String path) throws Exception {
        List<String> out = new ArrayList<>();
        for (Receiver.Request r : all) {
            if (r.path().equals(path) && r.status() < 300) {
                JsonNode n = M.readTree(r.body());
                out.add(n.path("key").asText() + " " + n.path("state").asText());
            }
        }
        return out;
    }

    private List<Receiver.Request> drain() {
        List<Receiver.Request> all = new ArrayList<>();
        while (receiver.pending() > 0) {
            all.add(receiver.next(WAIT));
        }
        return all;
    }

    @Test
    void aLongOutageDeliversEverythingAfterRecoveryInOrderAndOnce() throws Exception {
        Dispatcher d = start("notifier.destinations.pager.min-severity", "critical");
        Integer[] down = new Integer[200];
        for (int i = 0; i < down.length; i++) {
            down[i] = i % 3 == 0 ? 429 : i % 3 == 1 ? 503 : 500;
        }
        receiver.answer("/hook", down);
        List<CountDownLatch> latches = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Alert a = alert("203.0.113." + i, T, AlertState.FIRING, AlertSeverity.HIGH, 0);
            latches.add(submit(d, a));
            expected.add(a.key() + " firing");
        }
        await(latches.toArray(CountDownLatch[]::new));
        List<Receiver.Request> all = drain();
        assertThat(all.stream().filter(r -> r.status() >= 500 || r.status() == 429)).hasSize(200);
        assertThat(accepted(all, "/hook")).containsExactlyElementsOf(expected);
        assertThat(metrics.count("failed", "destination", "hook")).isZero();
        assertThat(metrics.count("delivered", "destination", "hook")).isEqualTo(20);
    }

    @Test
    void aCriticalAlertOvertakesAFloodOfLowOnesWaitingForTheSameDestination() throws Exception {
        Dispatcher d = start("notifier.destinations.pager.min-severity", "critical");
        Integer[] down = new Integer[20];
        java.util.Arrays.fill(down, 503);
        receiver.answer("/hook", down);
        List<CountDownLatch> latches = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            latches.add(submit(d, alert("10.0.0." + i, T, AlertState.FIRING, AlertSeverity.INFO, 0)));
        }
        Alert critical = alert("203.0.113.99", T, AlertState.FIRING, AlertSeverity.CRITICAL, 0);
        latches.add(submit(d, critical));
        await(latches.toArray(CountDownLatch[]::new));
        List<String> got = accepted(drain(), "/hook");
        assertThat(got).hasSize(51);
        assertThat(got.get(0)).as("the critical alert goes first once the destination is back")
                .isEqualTo(critical.key() + " firing");
    }

    private static List<JsonNode> bodies(List<Receiver.Request> all, String path) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (Receiver.Request r : all) {
            if (r.path().equals(path) && r.status() < 300) {
                out.add(M.readTree(r.body()));
            }
        }
        return out;
    }

    private static void waitUntil(java.util.function.BooleanSupplier c, String what) {
        NotifierIT.waitFor(c, WAIT, what);
    }

    @Test
    void aFloodOverTheRateLimitIsHeldThenSentAsOneDigestNamingEveryAlert() throws Exception {
        Dispatcher d = start("notifier.rate-limit.per-minute", "5", "notifier.destinations.pager.min-severity", "critical");
        List<Alert> flood = new ArrayList<>();
        List<CountDownLatch> latches = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Alert a = alert("10.0.0." + i, T, AlertState.FIRING, AlertSeverity.HIGH, 0);
            flood.add(a);
            latches.add(submit(d, a));
        }
        waitUntil(() -> metrics.count("held", "destination", "hook") == 15, "15 alerts held");
        assertThat(latches.stream().filter(l -> l.getCount() == 0)).as("held alerts are not done (offsets uncommitted)")
                .hasSize(5);
        assertThat(accepted(drain(), "/hook")).containsExactlyElementsOf(
                flood.subList(0, 5).stream().map(a -> a.key() + " firing").toList());

        clock.advance(Duration.ofSeconds(12)); // one more message allowed
        await(latches.toArray(CountDownLatch[]::new));
        List<JsonNode> digest = bodies(drain(), "/hook");
        assertThat(digest).hasSize(1);
        JsonNode msg = digest.get(0);
        assertThat(msg.path("title").asText()).isEqualTo("15 more alerts of rule credential-stuffing");
        assertThat(msg.path("severity").asText()).isEqualTo("high");
        assertThat(List.of(msg.path("details").path("held_ids").asText().split(",")))
                .containsExactlyElementsOf(flood.subList(5, 20).stream().map(Alert::id).toList());
        assertThat(metrics.count("summarized", "destination", "hook")).isEqualTo(15);
        assertThat(metrics.count("failed", "destination", "hook")).isZero();
        Alert resolved = flood.get(7).next(AlertState.RESOLVED, T.plusSeconds(3600));
        clock.advance(Duration.ofMinutes(1));
        await(submit(d, resolved));
        assertThat(accepted(drain(), "/hook")).as("a summarized alert counts as sent: its resolution goes out")
                .containsExactly(resolved.key() + " resolved");
    }

    @Test
    void aCriticalAlertGoesOutAtOnceWhileTheRateLimitHoldsAFlood() throws Exception {
        Dispatcher d = start("notifier.destinations.hook.rate-limit.per-minute", "2",
                "notifier.destinations.pager.min-severity", "critical");
        for (int i = 0; i < 10; i++) {
            submit(d, alert("10.0.0." + i, T, AlertState.FIRING, AlertSeverity.WARNING, 0));
        }
        waitUntil(() -> metrics.count("held", "destination", "hook") == 8, "8 alerts held");
        Alert critical = alert("203.0.113.99", T, AlertState.FIRING, AlertSeverity.CRITICAL, 0);
        await(submit(d, critical));
        List<String> got = accepted(drain(), "/hook");
        assertThat(got).hasSize(3).endsWith(critical.key() + " firing");
        assertThat(metrics.count("summarized", "destination", "hook")).as("nothing summarized without a free message").isZero();
    }

    @Test
    void heldAlertsAreRetriedUntilTheirDigestIsAccepted() throws Exception {
        Dispatcher d = start("notifier.destinations.hook.rate-limit.per-minute", "1",
                "notifier.destinations.pager.min-severity", "critical");
        List<CountDownLatch> latches = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            latches.add(submit(d, alert("10.0.0." + i, T, AlertState.FIRING, AlertSeverity.HIGH, 0)));
        }
        waitUntil(() -> metrics.count("held", "destination", "hook") == 3, "3 alerts held");
        receiver.answer("/hook", 503, 503);
        clock.advance(Duration.ofMinutes(3));
        await(latches.toArray(CountDownLatch[]::new));
        List<JsonNode> got = bodies(drain(), "/hook");
        assertThat(got.get(got.size() - 1).path("details").path("held_count").asText()).isEqualTo("3");
        assertThat(metrics.count("retries", "destination", "hook")).isEqualTo(2);
        assertThat(metrics.count("summarized", "destination", "hook")).isEqualTo(3);
    }

    @Test
    void aResolutionNeverOvertakesItsFiringEvenWhenMoreSevere() {
        LaneQueue q = new LaneQueue(10);
        Alert firing = alert("203.0.113.7", T, AlertState.FIRING, AlertSeverity.INFO, 0);
        Alert worse = alert("203.0.113.7", T, AlertState.UPDATED, AlertSeverity.CRITICAL, 1);
        Alert other = alert("198.51.100.1", T, AlertState.FIRING, AlertSeverity.HIGH, 0);
        q.add(firing, () -> { }, 0);
        q.add(worse, () -> { }, 0);
        q.add(other, () -> { }, 0);
        LaneQueue.Item first = take(q);
        assertThat(first.alert).isEqualTo(other);
        LaneQueue.Item second = take(q);
        assertThat(second.alert).isEqualTo(firing);
        q.finished(first);
        q.finished(second);
        assertThat(take(q).alert).isEqualTo(worse);
    }

    private static LaneQueue.Item take(LaneQueue q) {
        try {
            return q.take();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aFullQueueHasNoRoomInsteadOfDropping() throws Exception {
        Dispatcher d = start("notifier.queue-capacity", "3", "notifier.destinations.pager.min-severity", "critical");
        Integer[] down = new Integer[30];
        java.util.Arrays.fill(down, 503);
        receiver.answer("/hook", down);
        List<CountDownLatch> latches = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Alert a = alert("10.0.0." + i, T, AlertState.FIRING, AlertSeverity.HIGH, 0);
            assertThat(d.hasRoom(d.plan(a))).isTrue();
            latches.add(submit(d, a));
        }
        Alert fourth = alert("10.0.0.9", T, AlertState.FIRING, AlertSeverity.HIGH, 0);
        assertThat(d.hasRoom(d.plan(fourth))).as("the consumer must wait").isFalse();
        await(latches.toArray(CountDownLatch[]::new));
        assertThat(d.hasRoom(d.plan(fourth))).isTrue();
        assertThat(accepted(drain(), "/hook")).hasSize(3);
    }

    @Test
    void theCoolDownStartsOnlyWhenAFiringWasDelivered() throws Exception {
        Dispatcher d = start("notifier.destinations.pager.min-severity", "critical");
        receiver.answer("/hook", 400);
        await(submit(d, alert("203.0.113.7", T, AlertState.FIRING, AlertSeverity.HIGH, 0)));
        assertThat(metrics.count("failed", "destination", "hook")).isEqualTo(1);
        Alert nextWindow = alert("203.0.113.7", T.plusSeconds(3600), AlertState.FIRING, AlertSeverity.HIGH, 0);
        await(submit(d, nextWindow));
        assertThat(accepted(drain(), "/hook")).containsExactly(nextWindow.key() + " firing");
        assertThat(metrics.count("suppressed", "destination", "hook", "reason", "cool-down")).isZero();
    }

    @Test
    void aRestartedNotifierSendsTheResolutionAndRepeatsNothing() throws Exception {
        Dispatcher first = start();
        Alert a = alert("203.0.113.7", T, AlertState.FIRING, AlertSeverity.HIGH, 0);
        await(submit(first, a));
        assertThat(drain()).hasSize(2);
        first.close();

        Dispatcher second = start(); // offsets were not committed: the firing is read again
        await(submit(second, a));
        await(submit(second, a.next(AlertState.RESOLVED, T.plusSeconds(4000))));
        List<Receiver.Request> after = drain();
        assertThat(after).extracting(Receiver.Request::path).containsExactlyInAnyOrder("/hook", "/pd");
        JsonNode pd = M.readTree(after.stream().filter(r -> r.path().equals("/pd")).findFirst().orElseThrow().body());
        assertThat(pd.path("event_action").asText()).isEqualTo("resolve");
        assertThat(metrics.count("suppressed", "destination", "pager", "reason", "already-sent")).isEqualTo(1);

        Dispatcher third = start(); // and once more: the resolution is not repeated either
        await(submit(third, a), submit(third, a.next(AlertState.RESOLVED, T.plusSeconds(4000))));
        assertThat(receiver.pending()).isZero();
    }

    @Test
    void anAlertOlderThanMaxAgeIsNotSentButTheResolutionOfASentOneIs() throws Exception {
        Dispatcher d = start("notifier.max-age", "1h");
        Alert sent = alert("203.0.113.7", T, AlertState.FIRING, AlertSeverity.HIGH, 0);
        await(submit(d, sent));
        drain();
        clock.advance(Duration.ofHours(3));
        Alert stale = alert("198.51.100.1", T, AlertState.FIRING, AlertSeverity.HIGH, 0);
        await(submit(d, stale));
        assertThat(metrics.count("suppressed", "destination", "pager", "reason", "too-old")).isEqualTo(1);
        await(submit(d, sent.next(AlertState.RESOLVED, T.plusSeconds(4000))));
        assertThat(drain()).extracting(Receiver.Request::path).containsExactlyInAnyOrder("/hook", "/pd");
    }

    @Test
    void deliveryStateDropsEntriesItNoLongerNeeds() {
        DeliveryState s = new DeliveryState(log, "g", clock, Duration.ofMinutes(15), Duration.ofHours(1));
        Alert a = alert("203.0.113.7", T, AlertState.FIRING, AlertSeverity.HIGH, 0);
        s.delivered("pager", a);
        s.delivered("pager", a.next(AlertState.RESOLVED, T.plusSeconds(4000)));
        assertThat(s.size()).isEqualTo(2);
        clock.advance(Duration.ofHours(2));
        s.catchUp();
        assertThat(s.size()).isZero();
        DeliveryState restored = new DeliveryState(log, "g", clock, Duration.ofMinutes(15), Duration.ofHours(1));
        log.rewind();
        restored.catchUp();
        assertThat(restored.sent("pager", a.id())).as("tombstones are read back too").isNull();
    }

    @Test
    void aDeadLaneIsReported() throws Exception {
        Map<String, String> m = Map.of("kafka.bootstrap.servers", "unused:9092");
        NotifierConfig cfg = NotifierConfig.from(Config.of(m));
        AtomicInteger deaths = new AtomicInteger();
        Destination broken = new Destination() {
            @Override
            public DestinationConfig config() {
                return DestinationConfig.console();
            }

            @Override
            public Attempt send(Alert alert) {
                throw new OutOfMemoryError("simulated");
            }
        };
        metrics = new NotifierMetrics(new SimpleMeterRegistry());
        Dispatcher d = new Dispatcher(cfg, List.of(broken), metrics,
                new DeliveryState(log, "g", clock, Duration.ZERO, Duration.ofHours(1)), clock,
                RandomGenerator.getDefault(), deaths::incrementAndGet);
        dispatchers.add(d);
        submit(d, alert("203.0.113.7", T, AlertState.FIRING, AlertSeverity.HIGH, 0));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while ((d.deadLane().isEmpty() || deaths.get() == 0) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(d.deadLane()).get().isInstanceOf(OutOfMemoryError.class);
        assertThat(deaths).hasValue(1);
    }
}
