package io.authstream.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.embedded.emulator.ManagementApiEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The emulator answers as Auth0 documents the logs API, so the puller's tests mean something. */
class ManagementApiEmulatorTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(URI u, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(u).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void refusesLogRequestsWithoutAValidBearerToken() throws Exception {
        try (ManagementApiEmulator auth0 = ManagementApiEmulator.start("id", "secret", Duration.ofHours(1), 0, Clock.systemUTC())) {
            assertThat(get(URI.create(auth0.baseUri() + "/api/v2/logs?take=5"), null).statusCode()).isEqualTo(401);
            assertThat(get(URI.create(auth0.baseUri() + "/api/v2/logs?take=5"), "made-up").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void linksAnEmptyPageToTheSameUrlAndAnswers429WithTheRateLimitHeaders() throws Exception {
        try (ManagementApiEmulator auth0 = ManagementApiEmulator.start("id", "secret", Duration.ofHours(1), 0, Clock.systemUTC())) {
            auth0.addEnvelopes(TestLogs.envelopes(1, Instant.parse("2026-11-30T10:00:00Z"), 3));
            PullConfig c = PullConfig.from(io.authstream.schemas.config.Config.of(java.util.Map.of("pull.domain", auth0.baseUri().toString(),
                    "pull.client-id", "id", "pull.client-secret", "secret", "pull.tenant", "t", "kafka.bootstrap.servers", "x:1")));
            String token = new TokenSource(http, c, Clock.systemUTC()).token();

            HttpResponse<String> full = get(URI.create(auth0.baseUri() + "/api/v2/logs?take=5"), token);
            String next = full.headers().firstValue("Link").orElseThrow().replaceAll("^<([^>]*)>.*$", "$1");
            HttpResponse<String> empty = get(URI.create(next), token);
            auth0.throttleNext(1);
            HttpResponse<String> limited = get(URI.create(next), token);

            assertThat(full.body()).startsWith("[{").endsWith("}]");
            assertThat(empty.body()).isEqualTo("[]");
            assertThat(empty.headers().firstValue("Link")).hasValue("<" + next + ">; rel=\"next\"");
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("x-ratelimit-remaining")).hasValue("0");
            assertThat(Long.parseLong(limited.headers().firstValue("x-ratelimit-reset").orElseThrow()))
                    .isGreaterThan(Instant.now().getEpochSecond() - 1);
            assertThat(limited.headers().firstValue("x-ratelimit-limit")).isPresent();
        }
    }
}
