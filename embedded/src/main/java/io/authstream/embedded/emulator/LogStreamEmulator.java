package io.authstream.embedded.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Delivers events to a webhook the way Auth0's Custom Webhook log stream does: batches in one of
 * the three content formats, the {@code Authorization} header exactly as configured (no "Bearer "
 * added), up to three attempts per batch, and a batch that still fails is tried again later
 * ("restart this process for any errored log until the problem is resolved"). Delivery is
 * therefore at least once: a batch whose answer was lost is sent again.
 */
public final class LogStreamEmulator {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The {@code Authorization} value sent with every batch: the stream's credential, so it is not a
     * plain string in a record whose {@code toString()} anyone might log. (Not the schemas
     * {@code Secret}: this module sits below schemas.)
     */
    public static final class Token {
        private static final Token NONE = new Token("");
        private final String value;

        private Token(String value) {
            this.value = value;
        }

        /** The value as configured; null or empty means no header. */
        public static Token of(String value) {
            return value == null || value.isEmpty() ? NONE : new Token(value);
        }

        /** The header value itself; for the request only, never for a log. */
        public String value() {
            return value;
        }

        public boolean isEmpty() {
            return value.isEmpty();
        }

        @Override
        public String toString() {
            return value.isEmpty() ? "(none)" : "****";
        }
    }

    /** How to deliver. {@code eventsPerSecond} 0 means as fast as the receiver answers. */
    public record Options(URI url, Token authorization, ContentFormat format, int batchSize, double eventsPerSecond,
                          int attempts, Duration retryBackoff, Duration laterDelay, Duration giveUpAfter,
                          String contentType, Duration requestTimeout) {
        public Options {
            if (batchSize <= 0 || attempts <= 0) {
                throw new IllegalArgumentException("batch size and attempts must be positive");
            }
            authorization = authorization == null ? Token.of(null) : authorization;
        }

        public static Options defaults(URI url, String authorization) {
            return defaults(url, Token.of(authorization));
        }

        public static Options defaults(URI url, Token authorization) {
            return new Options(url, authorization, ContentFormat.JSONLINES, 100, 0, 3, Duration.ofMillis(500),
                    Duration.ofSeconds(5), Duration.ofMinutes(5), "application/json", Duration.ofSeconds(30));
        }

        public Options withFormat(ContentFormat f) {
            return new Options(url, authorization, f, batchSize, eventsPerSecond, attempts, retryBackoff, laterDelay,
                    giveUpAfter, contentType, requestTimeout);
        }

        public Options withBatchSize(int n) {
            return new Options(url, authorization, format, n, eventsPerSecond, attempts, retryBackoff, laterDelay,
                    giveUpAfter, contentType, requestTimeout);
        }

        public Options withRate(double perSecond) {
            return new Options(url, authorization, format, batchSize, perSecond, attempts, retryBackoff, laterDelay,
                    giveUpAfter, contentType, requestTimeout);
        }

        public Options withRetry(int attempts, Duration backoff, Duration later, Duration giveUp) {
            return new Options(url, authorization, format, batchSize, eventsPerSecond, attempts, backoff, later, giveUp,
                    contentType, requestTimeout);
        }
    }

    private final Options options;
    private final HttpClient http;
    private final Clock clock;
    private final Random jitter = new Random();

    public LogStreamEmulator(Options options) {
        this(options, Clock.systemUTC());
    }

    public LogStreamEmulator(Options options, Clock clock) {
        this.options = options;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
    }

    private record Pending(List<byte[]> events, long notBeforeMillis) {
    }

    /**
     * Sends every event; {@code progress} receives the running summary after each request.
     * Returns when all were delivered or {@code giveUpAfter} passed with some still failing.
     */
    public ReplaySummary replay(List<byte[]> events, Consumer<ReplaySummary> progress) {
        long t0 = System.nanoTime();
        int batch = options.format().maxBatch(options.batchSize());
        Deque<Pending> later = new ArrayDeque<>();
        Counters c = new Counters(events.size());
        long startMillis = clock.millis();
        long sentEvents = 0;
        for (int i = 0; i < events.size(); i += batch) {
            List<byte[]> chunk = events.subList(i, Math.min(events.size(), i + batch));
            pace(startMillis, sentEvents);
            if (!deliver(chunk, c)) {
                later.add(new Pending(new ArrayList<>(chunk), clock.millis() + options.laterDelay().toMillis()));
            }
            sentEvents += chunk.size();
            progress.accept(c.summary(t0, later));
            drainDue(later, c, t0, progress, false);
        }
        long giveUp = clock.millis() + options.giveUpAfter().toMillis();
        while (!later.isEmpty() && clock.millis() < giveUp) {
            drainDue(later, c, t0, progress, true);
        }
        return c.summary(t0, later);
    }

    private void drainDue(Deque<Pending> later, Counters c, long t0, Consumer<ReplaySummary> progress, boolean wait) {
        int n = later.size();
        for (int k = 0; k < n; k++) {
            Pending p = later.poll();
            long now = clock.millis();
            if (p.notBeforeMillis() > now) {
                if (wait) {
                    sleep(Math.min(p.notBeforeMillis() - now, 1000));
                }
                later.add(p);
                continue;
            }
            if (!deliver(p.events(), c)) {
                later.add(new Pending(p.events(), clock.millis() + options.laterDelay().toMillis()));
            }
            progress.accept(c.summary(t0, later));
        }
    }

    /** Up to {@code attempts} tries; true when a 2xx came back. */
    private boolean deliver(List<byte[]> chunk, Counters c) {
        byte[] body = options.format().body(chunk);
        c.requests++;
        for (int attempt = 1; attempt <= options.attempts(); attempt++) {
            if (attempt > 1) {
                c.retries++;
                // Exponential backoff with jitter so many emulators do not retry in lock-step.
                long base = options.retryBackoff().toMillis() << (attempt - 2);
                sleep(base + jitter.nextLong(Math.max(1, base / 2)));
            }
            c.sent += chunk.size();
            try {
                HttpRequest.Builder rb = HttpRequest.newBuilder(options.url()).timeout(options.requestTimeout())
                        .header("Content-Type", options.contentType())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
                if (!options.authorization().isEmpty()) {
                    rb.header("Authorization", options.authorization().value());
                }
                HttpResponse<byte[]> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() / 100 == 2) {
                    c.count(r.body(), chunk.size());
                    return true;
                }
                c.failures++;
                c.lastError = "HTTP " + r.statusCode();
            } catch (IOException e) {
                c.failures++;
                c.lastError = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private void pace(long startMillis, long sentEvents) {
        if (options.eventsPerSecond() <= 0) {
            return;
        }
        long due = startMillis + (long) (sentEvents * 1000 / options.eventsPerSecond());
        long wait = due - clock.millis();
        if (wait > 0) {
            sleep(wait);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Counters {
        final long events;
        long requests;
        long sent;
        long accepted;
        long duplicates;
        long rejected;
        long retries;
        long failures;
        String lastError;

        Counters(long events) {
            this.events = events;
        }

        void count(byte[] body, int batch) {
            try {
                JsonNode n = JSON.readTree(body);
                if (n != null && n.has("accepted")) {
                    accepted += n.path("accepted").asLong();
                    duplicates += n.path("duplicates").asLong();
                    rejected += n.path("rejected").asLong();
                    return;
                }
            } catch (IOException notJson) {
                // a receiver that is not authstream: count the batch as accepted
            }
            accepted += batch;
        }

        ReplaySummary summary(long t0, Deque<Pending> later) {
            long undelivered = later.stream().mapToLong(p -> p.events().size()).sum();
            return new ReplaySummary(events, requests, sent, accepted, duplicates, rejected, retries, failures, undelivered,
                    (System.nanoTime() - t0) / 1e9);
        }
    }
}
