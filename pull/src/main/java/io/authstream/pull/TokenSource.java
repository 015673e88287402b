package io.authstream.pull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A Management API token by client credentials ({@code POST /oauth/token}), cached until
 * {@link #MARGIN} (or a tenth of its lifetime, if shorter) before it expires: Auth0 counts M2M
 * tokens against a quota and warns about clients that do not cache them. Not thread-safe.
 */
public final class TokenSource {
    static final Duration MARGIN = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final PullConfig config;
    private final Clock clock;
    private String token;
    private Instant renewAt = Instant.MIN;

    public TokenSource(HttpClient http, PullConfig config, Clock clock) {
        this.http = http;
        this.config = config;
        this.clock = clock;
    }

    /** The cached token, or a new one when none is cached or it is near expiry. */
    public String token() {
        if (token == null || !clock.instant().isBefore(renewAt)) {
            fetch();
        }
        return token;
    }

    /** Forgets the cached token (after a 401). */
    public void invalidate() {
        token = null;
    }

    private void fetch() {
        ObjectNode body = JSON.createObjectNode().put("grant_type", "client_credentials").put("client_id", config.clientId())
                .put("client_secret", config.clientSecret().value()).put("audience", config.audience());
        HttpRequest req = HttpRequest.newBuilder(URI.create(config.domain() + "/oauth/token")).timeout(config.requestTimeout())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        HttpResponse<byte[]> r;
        Instant asked = clock.instant();
        try {
            r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new PullException("POST /oauth/token failed: " + e, false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PullException("interrupted while getting a token", false, e);
        }
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw new PullException("POST /oauth/token answered " + r.statusCode()
                    + ": check pull.client-id and pull.client-secret and that the application may use the Management API", true);
        }
        if (r.statusCode() != 200) {
            throw new PullException("POST /oauth/token answered " + r.statusCode(), false);
        }
        try {
            JsonNode n = JSON.readTree(r.body());
            String t = n.path("access_token").asText("");
            if (t.isEmpty()) {
                throw new PullException("POST /oauth/token answered without an access_token", false);
            }
            long expiresIn = n.path("expires_in").asLong(86_400);
            Duration lifetime = Duration.ofSeconds(expiresIn);
            Duration margin = MARGIN.compareTo(lifetime.dividedBy(10)) < 0 ? MARGIN : lifetime.dividedBy(10);
            token = t;
            renewAt = asked.plus(lifetime).minus(margin);
        } catch (IOException e) {
            throw new PullException("POST /oauth/token answered with a body that is not JSON", false, e);
        }
    }
}
