package io.authstream.pull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v2/logs} in checkpoint mode, called with the JDK client (the SDKs' checkpoint
 * support is broken in several languages). Only the first URL is built here; after that the caller
 * follows the {@code Link rel="next"} URL, as Auth0 asks. A 401 renews the token once.
 */
public final class LogsApi {
    private static final Pattern NEXT = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"?next\"?");
    private final HttpClient http;
    private final TokenSource tokens;
    private final PullConfig config;

    public LogsApi(HttpClient http, TokenSource tokens, PullConfig config) {
        this.http = http;
        this.tokens = tokens;
        this.config = config;
    }

    /** The first page after {@code fromLogId} (from the oldest log Auth0 still has when empty). */
    public URI first(Optional<String> fromLogId) {
        String q = fromLogId.map(id -> "from=" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8) + "&")
                .orElse("");
        return URI.create(config.domain() + "/api/v2/logs?" + q + "take=" + config.take());
    }

    public LogsPage fetch(URI url) {
        HttpResponse<byte[]> r = send(url);
        if (r.statusCode() == 401) {
            tokens.invalidate();
            r = send(url);
        }
        int s = r.statusCode();
        if (s == 429) {
            long reset = r.headers().firstValue("x-ratelimit-reset").map(LogsApi::parseLong).orElse(-1L);
            return new LogsPage.RateLimited(reset, r.headers().firstValue("x-ratelimit-limit").orElse("?"));
        }
        if (s == 401 || s == 403) {
            throw new PullException("GET /api/v2/logs answered " + s + ": the application needs the read:logs scope", true);
        }
        if (s != 200) {
            throw new PullException("GET /api/v2/logs answered " + s, false);
        }
        URI next = r.headers().allValues("Link").stream().map(NEXT::matcher).filter(Matcher::find)
                .map(m -> URI.create(m.group(1))).findFirst().orElse(url);
        return new LogsPage.Logs(PageSplitter.split(r.body()), next);
    }

    private HttpResponse<byte[]> send(URI url) {
        HttpRequest req = HttpRequest.newBuilder(url).timeout(config.requestTimeout())
                .header("Authorization", "Bearer " + tokens.token()).header("Accept", "application/json").GET().build();
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new PullException("GET /api/v2/logs failed: " + e, false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PullException("interrupted while fetching logs", false, e);
        }
    }

    private static long parseLong(String v) {
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
