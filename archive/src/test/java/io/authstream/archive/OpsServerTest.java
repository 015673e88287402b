package io.authstream.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OpsServerTest {
    @Test
    void readinessFollowsTheDependenciesAndMetricsAreServed() throws Exception {
        AtomicReference<Archiver.Health> health = new AtomicReference<>(new Archiver.Health(true, false, false, true, true, true, null));
        try (OpsServer ops = OpsServer.start("127.0.0.1", 0, health::get, () -> "authstream_archive_documents_total{result=\"indexed\"} 3.0\n")) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + ops.port();
            HttpResponse<String> notReady = http.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).contains("\"elasticsearch\":\"down\"").contains("\"backing_off\":true").contains("\"stalled\":true");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            health.set(new Archiver.Health(true, true, true, true, false, false, null));
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).contains("authstream_archive_documents_total");
        }
    }
}
