package io.authstream.analyzer.notify;

import static io.authstream.analyzer.notify.NotifierTest.alert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.authstream.schemas.config.Config;
import io.authstream.schemas.config.ConfigException;
import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertSeverity;
import io.authstream.schemas.record.AlertState;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Attacker-typed text in Slack and on the console, hostile destination answers, and https for secrets. */
class EdgeHygieneTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final Instant T = Instant.parse("2026-11-27T10:00:00Z");

    private static Alert hostile() {
        Alert a = alert("203.0.113.7", T, AlertState.FIRING, AlertSeverity.HIGH, 0);
        String evil = "<!channel> <https://evil.example|click here> & \u001b[31mred\u0007\r\nALERT RESOLVED fake\u202e";
        return new Alert(a.id(), a.key(), a.rule(), a.title() + " <!here>", a.severity(), a.state(), a.revision(), a.tenant(),
                a.stream(), Map.of("user", evil), a.windowStart(), a.windowEnd(), a.count(), a.threshold(), a.distinctUsers(),
                a.distinctIps(), a.firstEventAt(), a.lastEventAt(), List.of("<@U123>"), "failed logins for " + evil,
                a.runbook(), a.details(), a.emittedAt());
    }

    private static DestinationConfig slackConfig(String url) {
        return new DestinationConfig("s", DestinationConfig.Type.SLACK, io.authstream.schemas.config.Secret.of(url),
                io.authstream.schemas.config.Secret.of(""), AlertSeverity.INFO, Set.of(), true, false, Duration.ofMillis(500));
    }

    @Test
    void slackGetsAttackerTextEscapedSoMentionsAndLinksAreInert() throws Exception {
        String body = new String(new SlackDestination(slackConfig("https://hooks.slack.test/x"), HttpClient.newHttpClient())
                .body(hostile()), StandardCharsets.UTF_8);
        String texts = M.readTree(body).findValuesAsText("text").toString();
        assertThat(texts).doesNotContain("<!channel>").doesNotContain("<!here>").doesNotContain("<https://evil")
                .doesNotContain("<@U123>").contains("&lt;!channel&gt;").contains("&lt;https://evil.example|click here&gt;")
                .contains("&amp;");
        assertThat(texts).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\r").doesNotContain("\u202e");
    }

    @Test
    void theConsoleLineCarriesNoControlCharacters() {
        String line = Messages.line(hostile());
        assertThat(line).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\n").doesNotContain("\r")
                .doesNotContain("\u202e").contains("[31mred").startsWith("ALERT FIRING high");
    }

    @Test
    void aTricklingResponseBodyEndsTheAttemptWithinTheTimeout() throws Exception {
        HttpServer slow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slow.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        slow.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(500, 0);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 600; i++) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                // the client went away, as it should
            }
        });
        slow.start();
        try {
            HttpDestination d = new SlackDestination(slackConfig("http://127.0.0.1:" + slow.getAddress().getPort() + "/"),
                    HttpClient.newHttpClient());
            long t0 = System.nanoTime();
            Attempt r = d.send(hostile());
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
            assertThat(r.ok()).isFalse();
            assertThat(r.retryable()).isTrue();
        } finally {
            slow.stop(0);
        }
    }

    @Test
    void aHugeResponseBodyIsReadOnlyUpToItsLimit() throws Exception {
        HttpServer huge = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        huge.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(400, 0);
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'y');
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 16 * 1024; i++) { // 1 GiB if anyone read it all
                    out.write(chunk);
                }
            } catch (Exception e) {
                // cut off by the client
            }
        });
        huge.start();
        try {
            HttpDestination d = new SlackDestination(slackConfig("http://127.0.0.1:" + huge.getAddress().getPort() + "/"),
                    HttpClient.newHttpClient());
            long t0 = System.nanoTime();
            Attempt r = d.send(hostile());
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
            assertThat(r.retryable()).as("400 is permanent").isFalse();
            assertThat(r.problem()).startsWith("HTTP 400 yyy").hasSizeLessThan(260);
        } finally {
            huge.stop(0);
        }
    }

    private static NotifierConfig load(String... kv) {
        Map<String, String> m = new HashMap<>(Map.of("kafka.bootstrap.servers", "x:1"));
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return NotifierConfig.from(Config.of(m));
    }

    @Test
    void secretBearingDestinationsNeedHttpsUnlessLoopbackOrAllowedForTests() {
        String slack = "notifier.destinations.s.";
        assertThatThrownBy(() -> load(slack + "type", "slack", slack + "url", "http://hooks.slack.com/services/T/B/X"))
                .isInstanceOf(ConfigException.class).hasMessageContaining(slack + "url must use https")
                .hasMessageNotContaining("services/T/B/X");
        assertThatThrownBy(() -> load("notifier.destinations.p.type", "pagerduty", "notifier.destinations.p.routing-key", "k",
                "notifier.destinations.p.url", "http://events.pagerduty.example/v2/enqueue"))
                .hasMessageContaining("must use https");
        assertThatThrownBy(() -> load("notifier.destinations.w.type", "webhook", "notifier.destinations.w.token", "Bearer t",
                "notifier.destinations.w.url", "http://siem.example/hook")).hasMessageContaining("must use https");
        assertThatCode(() -> load("notifier.destinations.w.type", "webhook", "notifier.destinations.w.url",
                "http://siem.example/hook")).as("no secret, plain http is allowed").doesNotThrowAnyException();
        assertThatCode(() -> load(slack + "type", "slack", slack + "url", "http://127.0.0.1:8080/x"))
                .doesNotThrowAnyException();
        assertThatCode(() -> load(slack + "type", "slack", slack + "url", "http://hooks.slack.com/services/T/B/X",
                "notifier.allow-insecure-http", "true")).doesNotThrowAnyException();
        assertThatCode(() -> load(slack + "type", "slack", slack + "url", "https://hooks.slack.com/services/T/B/X"))
                .doesNotThrowAnyException();
    }

    @Test
    void onlyRealHttpUrlsAreAccepted() {
        String w = "notifier.destinations.w.";
        for (String bad : List.of("httpx://siem.example/hook", "https-evil:thing", "https:relative", "ftp://siem.example/x",
                "/just/a/path", "http:///no-host", "https://bad host/")) {
            assertThatThrownBy(() -> load(w + "type", "webhook", w + "url", bad)).as(bad)
                    .isInstanceOf(ConfigException.class).hasMessageContaining(w + "url must be an http(s) URL");
        }
    }
}
