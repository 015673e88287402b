package io.authstream.analyzer.notify;

import io.authstream.embedded.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authstream.schemas.config.Config;
import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertSeverity;
import io.authstream.schemas.record.AlertState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Routing, payloads, retries and cool-down of the notifier against a local HTTP receiver. */
class NotifierTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant T = Instant.parse("2026-11-27T10:00:00Z");
    private final Receiver receiver = new Receiver();
    private final MutableClock clock = new MutableClock(T.plusSeconds(61));
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private SimpleMeterRegistry registry;
    private NotifierMetrics metrics;
    private Dispatcher dispatcher;

    @AfterEach
    void close() {
        if (dispatcher != null) {
            dispatcher.close();
        }
        receiver.close();
    }

    private void start(String... extra) {
        Map<String, String> m = new HashMap<>();
        m.put("kafka.bootstrap.servers", "unused:9092");
        m.put("notifier.retry.initial-backoff", "10ms");
        m.put("notifier.retry.max-backoff", "50ms");
        m.put("notifier.destinations.oncall-slack.type", "slack");
        m.put("notifier.destinations.oncall-slack.url", receiver.url("/slack"));
        m.put("notifier.destinations.pager.type", "pagerduty");
        m.put("notifier.destinations.pager.url", receiver.url("/pd"));
        m.put("notifier.destinations.pager.routing-key", "R0UT1NGKEY");
        for (int i = 0; i < extra.length; i += 2) {
            m.put(extra[i], extra[i + 1]);
        }
        NotifierConfig cfg = NotifierConfig.from(Config.of(m));
        registry = new SimpleMeterRegistry();
        metrics = new NotifierMetrics(registry);
        dispatcher = Notifier.builder(cfg, new SimpleMeterRegistry()).clock(clock)
                .console(new PrintStream(console, true, StandardCharsets.UTF_8)).dispatcher(metrics);
    }

    static Alert alert(String ip, Instant windowStart, AlertState state, AlertSeverity sev, int revision) {
        String key = "credential-stuffing|acme|prod|ip=" + ip;
        return new Alert(Alert.idOf(key, windowStart.toEpochMilli()), key, "credential-stuffing", "Credential stuffing", sev,
                state, revision, "acme", "prod", Map.of("ip", ip), windowStart, windowStart.plusSeconds(3600), 20, 20, 12L,
                null, windowStart, windowStart.plusSeconds(60), List.of("9001", "9002"),
                "20 failed logins from IP " + ip + " against 12 users in 1h", "Block " + ip + " at the edge.",
                Map.of("attack_protection_blocked", "false"), windowStart.plusSeconds(61));
    }

    /** Plans and delivers, returning how many destinations accepted {@code a}, after all deliveries finished. */
    private int send(Alert a) {
        double before = delivered();
        List<Dispatcher.Delivery> plan = dispatcher.plan(a);
        CountDownLatch done = new CountDownLatch(plan.size());
        dispatcher.deliver(plan, done::countDown);
        try {
            assertThat(done.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("deliveries finished").isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return (int) (delivered() - before);
    }

    private double delivered() {
        return registry.find("authstream.notifier.delivered").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private Map<String, JsonNode> byPath(int n) throws Exception {
        Map<String, JsonNode> out = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Receiver.Request r = receiver.next(WAIT);
            out.put(r.path(), M.readTree(r.body()));
        }
        return out;
    }

    @Test
    void sendsAReadableSlackMessageAndAPagerDutyTriggerKeyedByAlertId() throws Exception {
        start();
        Alert a = alert("203.0.113.7", T, AlertState.FIRING, AlertSeverity.HIGH, 0);
        assertThat(send(a)).isEqualTo(2);
        Map<String, JsonNode> got = byPath(2);
        JsonNode slack = got.get("/slack");
        assertThat(slack.path("text").asText()).contains("FIRING").contains("credential-stuffing").contains("203.0.113.7");
        assertThat(slack.path("blocks").get(0).path("text").path("text").asText()).contains("FIRING high: Credential stuffing");
        assertThat(slack.toString()).contains("20 failed logins from IP 203.0.113.7").contains("What to check first")
                .contains("acme / prod");
        JsonNode pd = got.get("/pd");
        assertThat(pd.path("routing_key").asText()).isEqualTo("R0UT1NGKEY");
        assertThat(pd.path("event_action").asText()).isEqualTo("trigger");
        assertThat(pd.path("dedup_key").asText()).isEqualTo(a.id());
        assertThat(pd.path("payload").path("severity").asText()).isEqualTo("error");
        assertThat(pd.path("payload").path("source").asText()).isEqualTo("authstream/acme/prod");
        assertThat(pd.path("payload").path("summary").asText()).contains("Credential stuffing");
        assertThat(pd.path("payload").path("custom_details").path("ip").asText()).isEqualTo("203.0.113.7");
        assertThat(metrics.count("delivered", "destination", "pager")).isEqualTo(1);
    }

    @Test
    void resolvesThePagerDutyIncidentWithTheSameDedupKey() throws Exception {
        start();
        Alert a = alert("203.0.113.7", T, AlertState.FIRING, AlertSeverity.HIGH, 0);
        send(a);
        byPath(2);
        assertThat(send(a.next(AlertState.RESOLVED, T.plusSeconds(4000)))).isEqualTo(2);
        JsonNode pd = byPath(2).get("/pd");
        assertThat(pd.path("event_action").asText()).isEqualTo("resolve");
        assertThat(pd.path("dedup_key").asText()).isEqualTo(a.id());
    }

    @Test
    void retriesAfterA500AndDeliversTheSamePayload() throws Exception {
        start();
        receiver.answer("/pd", 500, 503);
        Alert a = alert("203.0.113.7", T, AlertState.FIRING, AlertSeverity.CRITICAL, 0);
        send(a);
        List<Receiver.Request> pd = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Receiver.Request r = receiver.next(WAIT);
            if (r.path().equals("/pd")) {
                pd.add(r);
            }
        }
        assertThat(pd).hasSize(3);
        assertThat(pd).extracting(Receiver.Request::body).containsOnly(pd.get(0).body());
        assertThat(metrics.count("retries", "destination", "pager")).isEqualTo(2);
        assertThat(metrics.count("delivered", "destination", "pager")).isEqualTo(1);
    }

    @Test
    void skipsAPermanentClientErrorButNeverGivesUpOnServerErrors() throws Exception {
        start();
        receiver.answer("/pd", 400);
        receiver.answer("/slack", 500, 503, 500, 502, 500, 503, 500, 500);
        send(alert("203.0.113.7", T, AlertState.FIRING, AlertSeverity.HIGH, 0));
        for (int i = 0; i < 10; i++) {
            receiver.next(WAIT);
        }
        assertThat(metrics.count("failed", "destination", "pager")).isEqualTo(1);
        assertThat(metrics.count("retries", "destination", "pager")).isZero();
        assertThat(metrics.count("failed", "destination", "oncall-slack")).isZero();
        assertThat(metrics.count("retries", "destination", "oncall-slack")).isEqualTo(8);
        assertThat(metrics.count("delivered", "destination", "oncall-slack")).isEqualTo(1);
    }

    @Test
    void aFlappingConditionPagesOncePerCoolDown() throws Exception {
        start("notifier.cool-down", "15m");
        Alert first = alert("203.0.113.7", T, AlertState.FIRING, AlertSeverity.HIGH, 0);
        assertThat(send(first)).isEqualTo(2);
        assertThat(send(first.next(AlertState.RESOLVED, T.plusSeconds(3700)))).isEqualTo(2);
        byPath(2);
        byPath(2);
        clock.advance(Duration.ofMinutes(10));
        Alert again = alert("203.0.113.7", T.plusSeconds(3600), AlertState.FIRING, AlertSeverity.HIGH, 0);
        assertThat(send(again)).isZero();
        assertThat(send(again.next(AlertState.RESOLVED, T.plusSeconds(7300)))).isZero();
        assertThat(metrics.count("suppressed", "destination", "pager", "reason", "cool-down")).isEqualTo(1);
        Alert otherIp = alert("198.51.100.1", T.plusSeconds(3600), AlertState.FIRING, AlertSeverity.HIGH, 0);
        assertThat(send(otherIp)).isEqualTo(2);
        byPath(2);
        Alert worse = alert("203.0.113.7", T.plusSeconds(7200), AlertState.FIRING, AlertSeverity.CRITICAL, 0);
        assertThat(send(worse)).as("a higher severity breaks through the cool-down").isEqualTo(2);
        byPath(2);
        clock.advance(Duration.ofMinutes(16));
        Alert later = alert("203.0.113.7", T.plusSeconds(10800), AlertState.FIRING, AlertSeverity.HIGH, 0);
        assertThat(send(later)).isEqualTo(2);
        byPath(2);
        assertThat(receiver.pending()).isZero();
    }

    @Test
    void routesBySeverityAndRule() throws Exception {
        start("notifier.destinations.pager.min-severity", "critical",
                "notifier.destinations.oncall-slack.rules", "credential-stuffing,rate-limit");
        assertThat(send(alert("203.0.113.7", T, AlertState.FIRING, AlertSeverity.HIGH, 0))).isEqualTo(1);
        assertThat(receiver.next(WAIT).path()).isEqualTo("/slack");
        Alert other = new Alert(Alert.idOf("k", 1), "brute-force|acme|prod|user=x", "brute-force", "Brute force",
                AlertSeverity.CRITICAL, AlertState.FIRING, 0, "acme", "prod", Map.of("user", "x"), T, T.plusSeconds(600), 5,
                5, null, 2L, T, T, List.of(), "5 failed logins for user x", "check", Map.of(), T);
        assertThat(send(other)).isEqualTo(1);
        assertThat(receiver.next(WAIT).path()).isEqualTo("/pd");
    }

    @Test
    void sendsAnUpdateOnlyWhenSeverityRose() throws Exception {
        start();
        Alert a = alert("203.0.113.7", T, AlertState.FIRING, AlertSeverity.HIGH, 0);
        send(a);
        byPath(2);
        Alert grew = alert("203.0.113.7", T, AlertState.UPDATED, AlertSeverity.HIGH, 1);
        assertThat(send(grew)).isZero();
        Alert worse = alert("203.0.113.7", T, AlertState.UPDATED, AlertSeverity.CRITICAL, 2);
        assertThat(send(worse)).isEqualTo(2);
        JsonNode pd = byPath(2).get("/pd");
        assertThat(pd.path("event_action").asText()).isEqualTo("trigger");
        assertThat(pd.path("payload").path("severity").asText()).isEqualTo("critical");
    }

    @Test
    void everyDestinationNamesTheAlertsStableSubjects() throws Exception {
        start();
        Alert bf = new Alert(Alert.idOf("bf", 1), "brute-force|acme|prod|user=x@example.com", "brute-force", "Brute force",
                AlertSeverity.HIGH, AlertState.FIRING, 0, "acme", "prod", Map.of("user", "x@example.com"), T,
                T.plusSeconds(600), 5, 5, null, null, T, T, List.of("l1"), "5 failed logins for x@example.com", "check",
                Map.of(), T, Map.of("user_id", List.of("auth0|a1", "auth0|a2"), "user_name", List.of("x@example.com")));
        assertThat(Messages.line(bf)).contains("user=x@example.com user_id=auth0|a1,auth0|a2 5/5")
                .doesNotContain("user_name=");
        assertThat(send(bf)).isEqualTo(2);
        Map<String, JsonNode> got = byPath(2);
        assertThat(got.get("/slack").toString()).contains("*Subjects*\\nuser_id: auth0|a1,auth0|a2");
        JsonNode subjects = got.get("/pd").path("payload").path("custom_details").path("subjects");
        assertThat(subjects.path("user_id").toString()).isEqualTo("[\"auth0|a1\",\"auth0|a2\"]");
        assertThat(subjects.path("user_name").get(0).asText()).isEqualTo("x@example.com");
    }

    @Test
    void consolePrintsOneReadableLinePerAlert() {
        Map<String, String> m = Map.of("kafka.bootstrap.servers", "unused:9092");
        NotifierConfig cfg = NotifierConfig.from(Config.of(m));
        assertThat(cfg.destinations()).extracting(DestinationConfig::type).containsExactly(DestinationConfig.Type.CONSOLE);
        registry = new SimpleMeterRegistry();
        metrics = new NotifierMetrics(registry);
        dispatcher = Notifier.builder(cfg, new SimpleMeterRegistry()).clock(clock).console(new PrintStream(console, true,
                StandardCharsets.UTF_8)).dispatcher(metrics);
        Alert a = alert("203.0.113.7", T, AlertState.FIRING, AlertSeverity.HIGH, 0);
        send(a);
        assertThat(console.toString(StandardCharsets.UTF_8).strip()).isEqualTo("ALERT FIRING high credential-stuffing acme/prod "
                + "ip=203.0.113.7 20/20 — 20 failed logins from IP 203.0.113.7 against 12 users in 1h [" + a.id() + " rev 0]");
    }

    @Test
    void configurationMasksSecretsAndNamesMissingKeys() {
        Map<String, String> m = new HashMap<>(Map.of("kafka.bootstrap.servers", "x:1",
                "notifier.destinations.s.type", "slack", "notifier.destinations.s.url", "https://hooks.slack.test/T000/B000/XYZSECRET",
                "notifier.destinations.p.type", "pagerduty", "notifier.destinations.p.routing-key", "PDSECRET"));
        String text = NotifierConfig.from(Config.of(m)).toString();
        assertThat(text).doesNotContain("XYZSECRET").doesNotContain("PDSECRET").contains("events.pagerduty.com");
        m.remove("notifier.destinations.p.routing-key");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NotifierConfig.from(Config.of(m)))
                .hasMessageContaining("notifier.destinations.p.routing-key");
    }
}
