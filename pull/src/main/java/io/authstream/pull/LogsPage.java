package io.authstream.pull;

import java.net.URI;
import java.util.List;

/** One answer of {@code GET /api/v2/logs}. */
public sealed interface LogsPage {
    /**
     * @param items the bare log objects, each exactly the bytes Auth0 sent
     * @param next  the {@code Link rel="next"} URL (for an empty page, the same URL)
     */
    record Logs(List<byte[]> items, URI next) implements LogsPage {
        public Logs {
            items = List.copyOf(items);
        }
    }

    /** HTTP 429. {@code resetEpochSecond} is {@code x-ratelimit-reset}, or -1 when absent. */
    record RateLimited(long resetEpochSecond, String limit) implements LogsPage {
    }
}
