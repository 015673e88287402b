package io.authstream.analyzer.notify;

import io.authstream.schemas.record.Alert;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * A destination reached by an HTTP POST of a JSON body. 2xx is success; 429, 5xx and I/O errors are
 * retried (honouring {@code Retry-After}); any other status is a permanent failure (a wrong URL or
 * key will not fix itself).
 */
abstract class HttpDestination implements Destination {
    private final DestinationConfig config;
    private final HttpClient http;

    HttpDestination(DestinationConfig config, HttpClient http) {
        this.config = config;
        this.http = http;
    }

    @Override
    public DestinationConfig config() {
        return config;
    }

    abstract byte[] body(Alert alert);

    String url() {
        return config.url().value();
    }

    HttpRequest.Builder decorate(HttpRequest.Builder b, Alert alert) {
        return b;
    }

    @Override
    public Attempt send(Alert alert) {
        HttpRequest req = decorate(HttpRequest.newBuilder(URI.create(url())).timeout(config.timeout())
                .header("Content-Type", "application/json").header("User-Agent", "authstream-notifier")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(alert))), alert).build();
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            int s = r.statusCode();
            if (s >= 200 && s < 300) {
                return Attempt.OK;
            }
            String problem = "HTTP " + s + " " + abbreviate(r.body());
            if (s == 429 || s >= 500) {
                return Attempt.retry(problem, retryAfter(r.headers().firstValue("Retry-After")));
            }
            return Attempt.giveUp(problem);
        } catch (IOException e) {
            return Attempt.retry(e.getClass().getSimpleName() + ": " + e.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Attempt.giveUp("interrupted");
        }
    }

    private static Duration retryAfter(Optional<String> h) {
        try {
            return h.map(v -> Duration.ofSeconds(Long.parseLong(v.strip()))).orElse(null);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
