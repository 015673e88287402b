package io.authstream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpsServerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicReference<Check> kafka = new AtomicReference<>(Check.starting(null));
    private final OpsMetrics metrics = OpsMetrics.create("archive");
    private final ComponentHealth health = new ComponentHealth("archive").check("kafka", kafka::get);
    private final OpsServer server = OpsServer.start(new OpsAddress("127.0.0.1", 0), health::snapshot, metrics::scrape);

    @AfterEach
    void close() {
        server.close();
        metrics.close();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build();
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersEachProbe503UntilStartedThen200() throws Exception {
        assertThat(send("GET", "/health/live").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/health/startup").statusCode()).isEqualTo(503);
        HttpResponse<String> notReady = send("GET", "/health/ready");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.body()).isEqualTo("{\"component\":\"archive\",\"status\":\"not-ready\",\"checks\":{\"kafka\":{\"state\":\"starting\"}}}");
        assertThat(notReady.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(notReady.headers().firstValue("Content-Type")).hasValue("application/json");
        kafka.set(Check.up());
        assertThat(send("GET", "/health/ready").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/health/startup").body()).contains("\"status\":\"started\"");
    }

    @Test
    void answersUnknownPathsWith404AndOtherMethodsWith405InTheErrorShape() throws Exception {
        HttpResponse<String> missing = send("GET", "/nope");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).startsWith("{\"error\":\"not-found\",\"message\":");
        HttpResponse<String> post = send("POST", "/health/ready");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.body()).startsWith("{\"error\":\"method-not-allowed\",\"message\":");
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(post.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void answersHeadWithTheStatusAndNoBody() throws Exception {
        HttpResponse<String> head = send("HEAD", "/health/ready");
        assertThat(head.statusCode()).isEqualTo(503);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void servesBuildInfoJvmAndProcessMetrics() throws Exception {
        HttpResponse<String> m = send("GET", "/metrics");
        assertThat(m.statusCode()).isEqualTo(200);
        assertThat(m.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(m.body()).containsPattern("authstream_build_info\\{component=\"archive\",java_version=\"[^\"]+\",version=\"[^\"]+\"} 1")
                .contains("jvm_memory_used_bytes").contains("jvm_threads_live_threads").contains("process_uptime_seconds")
                .contains("process_cpu_usage");
        assertThat(m.body()).doesNotContain("version=\"unknown\"").doesNotContain("${project.version}");
    }

    @Test
    void rendersTimersAsHistogramBucketsEvenWhenTheyAskForPercentiles() throws Exception {
        Timer t = Timer.builder("authstream.test.latency").publishPercentiles(0.5, 0.99).register(metrics.registry());
        t.record(Duration.ofMillis(12));
        String body = send("GET", "/metrics").body();
        assertThat(body).contains("authstream_test_latency_seconds_bucket{le=").contains("# TYPE authstream_test_latency_seconds histogram");
        assertThat(body).doesNotContain("authstream_test_latency_seconds{quantile=");
    }
}
