package io.authstream.analyzer.notify;

import io.authstream.schemas.record.Alert;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A destination reached by an HTTP POST of a JSON body. 2xx is success; 408, 429, 5xx, I/O errors
 * and timeouts are retried (honouring {@code Retry-After}); any other status is a permanent failure
 * (a wrong URL or key will not fix itself).
 *
 * <p>The whole exchange, body included, must finish within the destination's {@code timeout}:
 * the JDK's request timeout alone stops at the response headers, so a server trickling its body
 * would otherwise hold the lane for ever. At most {@value #BODY_LIMIT} bytes of a body are read.
 */
abstract class HttpDestination implements Destination {
    static final int BODY_LIMIT = 1024;
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
        CompletableFuture<HttpResponse<String>> f = http.sendAsync(req, BoundedBody.handler(BODY_LIMIT));
        try {
            HttpResponse<String> r = f.get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
            int s = r.statusCode();
            if (s >= 200 && s < 300) {
                return Attempt.OK;
            }
            String problem = "HTTP " + s + " " + abbreviate(r.body());
            if (s == 408 || s == 429 || s >= 500) {
                return Attempt.retry(problem, retryAfter(r.headers().firstValue("Retry-After")));
            }
            return Attempt.giveUp(problem);
        } catch (TimeoutException e) {
            f.cancel(true);
            return Attempt.retry("no complete answer within " + config.timeout(), null);
        } catch (ExecutionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            return Attempt.retry(c.getClass().getSimpleName() + ": " + c.getMessage(), null);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            return Attempt.retry("interrupted", null);
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
        String c = Text.clean(s);
        return c.length() <= 200 ? c : c.substring(0, 200) + "...";
    }
}
