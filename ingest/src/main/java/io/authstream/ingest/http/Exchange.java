package io.authstream.ingest.http;

import io.authstream.ingest.StreamConfig;
import io.authstream.ingest.admission.Admission;
import io.authstream.ingest.body.Gzip;
import io.authstream.ingest.body.ParsedBatch;
import io.authstream.ingest.body.ParsedEvent;
import io.authstream.ingest.kafka.EventRecords;
import io.authstream.schemas.record.RejectedEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One webhook request after admission: reads the body as it arrives (bounded in size, time and
 * in-flight bytes), inflates gzip, splits and validates, produces, and answers exactly once.
 *
 * <p>The promise: 200 is written only after every record of the request (events and dead letters)
 * is acknowledged by Kafka; any failure or {@code ingest.produce-timeout} gives 503 with
 * Retry-After. Whatever the outcome, the admission ticket is given back as soon as the answer is decided.
 */
final class Exchange implements Runnable {
    private static final Logger REFUSED = LoggerFactory.getLogger("io.authstream.ingest.refused");
    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);
    /** The only text a 500 ever carries: what broke is for the log, not for the client. */
    static final String INTERNAL_ERROR_MESSAGE = "The receiver failed on this request; nothing of it counts as accepted, retry later.";
    private static final int INITIAL_BUFFER = 64 * 1024;

    private final WebhookHandler h;
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final String streamId;
    private final long arrivedNanos;
    private final Instant receivedAt;
    private final AtomicBoolean answered = new AtomicBoolean();
    private StreamConfig stream;
    private String client;
    private Admission.Ticket ticket;
    private boolean gzip;
    private long readDeadline;
    private byte[] buffer;
    private int size;

    Exchange(WebhookHandler h, Request request, Response response, Callback callback, String streamId,
             long arrivedNanos, Instant receivedAt) {
        this.h = h;
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.streamId = streamId;
        this.arrivedNanos = arrivedNanos;
        this.receivedAt = receivedAt;
    }

    void stream(StreamConfig s) {
        this.stream = s;
    }

    /** The client address as resolved (X-Forwarded-For behind trusted proxies), for log lines. */
    void client(java.net.InetAddress a) {
        this.client = a == null ? "(unknown)" : a.getHostAddress();
    }

    /** Starts reading the body; {@code declared} is Content-Length or -1. */
    void admitted(Admission.Ticket t, boolean gzipped, long declared) {
        this.ticket = t;
        this.gzip = gzipped;
        this.readDeadline = arrivedNanos + h.config.http().readTimeout().toNanos();
        int initial = declared >= 0 ? (int) declared : INITIAL_BUFFER;
        if (!ticket.tryAddBytes(initial)) {
            refuse(Refusal.SERVER_BUSY, "The receiver holds its maximum of in-flight bytes; retry later.", "in-flight bytes limit");
            return;
        }
        buffer = new byte[initial];
        run();
    }

    /** Reads what is available; re-arms itself with demand until the last chunk. */
    @Override
    public void run() {
        try {
            read();
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private void read() {
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                Throwable failure = chunk.getFailure();
                if (failure instanceof TimeoutException) {
                    refuse(Refusal.REQUEST_TIMEOUT, "The body did not arrive in time.", "idle while reading the body");
                } else {
                    abandon(failure);
                }
                return;
            }
            ByteBuffer bytes = chunk.getByteBuffer();
            int n = bytes.remaining();
            if (n > 0 && !append(bytes, n)) {
                chunk.release();
                return;
            }
            boolean last = chunk.isLast();
            chunk.release();
            if (last) {
                body();
                return;
            }
            if (System.nanoTime() - readDeadline > 0) {
                refuse(Refusal.REQUEST_TIMEOUT, "The body did not arrive within " + h.config.http().readTimeout().toSeconds()
                        + " s (ingest.http.read-timeout).", "body read too slowly");
                return;
            }
        }
    }

    private boolean append(ByteBuffer bytes, int n) {
        long max = h.config.limits().maxBodyBytes();
        if ((long) size + n > max) {
            refuse(Refusal.BODY_TOO_LARGE, "The body is larger than " + max + " bytes (ingest.max-body-bytes).", "body over limit while reading");
            return false;
        }
        if (size + n > buffer.length) {
            int grown = (int) Math.min(max, Math.max((long) size + n, (long) buffer.length * 2));
            if (!ticket.tryAddBytes(grown - buffer.length)) {
                refuse(Refusal.SERVER_BUSY, "The receiver holds its maximum of in-flight bytes; retry later.", "in-flight bytes limit");
                return false;
            }
            buffer = Arrays.copyOf(buffer, grown);
        }
        bytes.get(buffer, size, n);
        size += n;
        return true;
    }

    private void body() {
        byte[] body = buffer;
        int length = size;
        if (gzip) {
            try {
                Gzip.Inflated inflated = Gzip.inflate(buffer, size, (int) h.config.limits().maxBodyBytes(), ticket::tryAddBytes);
                ticket.releaseBytes(buffer.length);
                buffer = null;
                body = inflated.bytes();
                length = inflated.length();
            } catch (Gzip.OverBudgetException e) {
                refuse(Refusal.SERVER_BUSY, "The receiver holds its maximum of in-flight bytes; retry later.", "in-flight bytes limit (gzip)");
                return;
            } catch (Gzip.TooLargeException e) {
                refuse(Refusal.BODY_TOO_LARGE, "The body inflates to more than " + h.config.limits().maxBodyBytes()
                        + " bytes (ingest.max-body-bytes).", "gzip body over limit");
                return;
            } catch (IOException e) {
                refuse(Refusal.INVALID_GZIP, "The body is not valid gzip.", "invalid gzip: " + e.getMessage());
                return;
            }
        }
        ParsedBatch batch = h.parser.parse(body, length);
        switch (batch) {
            case ParsedBatch.Empty e -> refuse(Refusal.EMPTY_BODY, "The body is empty.", "empty body");
            case ParsedBatch.TooManyEvents t -> refuse(Refusal.TOO_MANY_EVENTS, "The body holds more than " + t.limit()
                    + " events (ingest.max-events-per-request).", "too many events");
            case ParsedBatch.Unparseable u -> storeWhole(body, length, ParsedEvent.UNPARSEABLE_BODY, u.reason(), () ->
                    refuse(Refusal.UNPARSEABLE_BODY, "The body could not be split into events (" + u.reason()
                            + "). It was kept as a dead letter.", "unparseable body"));
            case ParsedBatch.Events ev -> publishOrCap(ev.events(), body, length);
        }
    }

    /** At most {@code ingest.max-rejected-per-request} dead letters per request (L6): beyond, one for the whole body. */
    private void publishOrCap(List<ParsedEvent> events, byte[] body, int length) {
        int cap = h.config.limits().maxRejectedPerRequest();
        long invalid = events.stream().filter(e -> !e.isValid()).count();
        if (invalid <= cap) {
            publish(events, body);
            return;
        }
        String reason = invalid + " of the body's " + events.size() + " events are invalid, more than "
                + cap + " (ingest.max-rejected-per-request)";
        storeWhole(body, length, ParsedEvent.TOO_MANY_REJECTED, reason, () ->
                refuse(Refusal.TOO_MANY_REJECTED, "The body holds more invalid events than allowed (" + reason
                        + "); nothing of it was accepted, it was kept as one dead letter.", "too many invalid events"));
    }

    private void storeWhole(byte[] body, int length, String errorType, String reason, Runnable answer) {
        EventRecords records = new EventRecords(h.config.kafka().topics(), stream, receivedAt);
        RejectedEvent dead = RejectedEvent.of("ingest", errorType, reason, stream.id(), stream.tenant(),
                null, receivedAt, body, 0, length, h.config.rejectedMaxOriginalBytes());
        send(List.of(records.rejected(dead)), new String[1], answer);
    }

    private void publish(List<ParsedEvent> events, byte[] body) {
        EventRecords records = new EventRecords(h.config.kafka().topics(), stream, receivedAt);
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>(events.size());
        String[] logIds = new String[events.size()];
        Set<String> inRequest = HashSet.newHashSet(events.size());
        int duplicates = 0;
        int rejected = 0;
        for (ParsedEvent e : events) {
            if (e.isValid()) {
                String id = e.logId();
                if (!inRequest.add(id) || h.dedup.seen(stream.id(), id)) {
                    duplicates++;
                    continue;
                }
                logIds[out.size()] = id;
                out.add(records.event(id, body, e.offset(), e.length()));
            } else {
                rejected++;
                out.add(records.rejected(RejectedEvent.of("ingest", e.errorType(), e.reason(), stream.id(), stream.tenant(),
                        null, receivedAt, body, e.offset(), e.length(), h.config.rejectedMaxOriginalBytes())));
            }
        }
        int accepted = out.size() - rejected;
        int dup = duplicates;
        int rej = rejected;
        send(out, logIds, () -> {
            h.metrics.events(stream.id(), accepted, dup, rej);
            answer(200, Responses.accepted(accepted, dup, rej));
        });
    }

    /**
     * Sends, then on success remembers the request's events for dedup (all acknowledged by then, and
     * in one lock per request rather than one per event on the producer's single I/O thread) and runs
     * {@code onSuccess}; on failure or timeout answers 503.
     */
    private void send(List<ProducerRecord<String, byte[]>> out, String[] logIds, Runnable onSuccess) {
        long started = System.nanoTime();
        CompletableFuture<Void> acked = h.publisher.sendAll(out);
        // The deadline counts from the first send: send() itself may have blocked for metadata.
        long left = Math.max(1, h.config.kafka().produceTimeout().toNanos() - (System.nanoTime() - started));
        acked.orTimeout(left, TimeUnit.NANOSECONDS)
                .whenComplete((v, failure) -> request.getComponents().getExecutor().execute(() -> {
                  try {
                    if (failure == null) {
                        if (!out.isEmpty()) {
                            h.metrics.produced(System.nanoTime() - started);
                        }
                        h.dedup.rememberAll(stream.id(), logIds);
                        onSuccess.run();
                    } else {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                        h.readiness.probeSoon();
                        String what = cause instanceof TimeoutException
                                ? "Kafka did not acknowledge within " + h.config.kafka().produceTimeout().toSeconds() + " s"
                                : "Kafka refused the events";
                        refuse(Refusal.PRODUCE_FAILED, what + "; nothing of this request counts as accepted, retry later.",
                                what + ": " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
                    }
                  } catch (RuntimeException e) {
                      fail(e);
                  }
                }));
    }

    /** Answers with the error shape and logs one line with the reason (never a token or a body). */
    boolean refuse(Refusal r, String message, String logReason) {
        if (answered.get()) {
            return false;
        }
        if (r.retryAfter()) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, h.retryAfterSeconds);
        }
        if (answer(r.status(), Responses.error(r.code(), message))) {
            REFUSED.info("Refused {} {} for stream {} from {}: {} ({})", r.status(), r.code(), WebhookHandler.loggable(streamId),
                    WebhookHandler.safe(client != null ? client : Request.getRemoteAddr(request)), logReason, WebhookHandler.safe(request.getMethod()));
            return true;
        }
        return false;
    }

    /**
     * Anything unforeseen inside a request: a fixed {@code 500 internal-error} (the exception goes to
     * the log only) and the admission ticket is given back whatever happens, so a request that breaks
     * can never hold a slot of {@code ingest.max-in-flight-requests} for good.
     */
    void fail(RuntimeException e) {
        LOG.warn("Request for stream {} failed inside the receiver", WebhookHandler.loggable(streamId), e);
        try {
            if (!refuse(Refusal.INTERNAL_ERROR, INTERNAL_ERROR_MESSAGE, "internal error: " + e.getClass().getSimpleName())) {
                release(); // already answered: make sure the ticket goes back even if that answer never completes
            }
        } catch (RuntimeException again) {
            release();
            callback.failed(again);
        }
    }

    private boolean answer(int status, byte[] body) {
        if (!answered.compareAndSet(false, true)) {
            return false;
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Responses.JSON);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        h.metrics.request(streamId, status, System.nanoTime() - arrivedNanos);
        // The answer is decided and the body no longer needed: give the slot and the bytes back before
        // writing, so a client that sends its next batch the moment it reads this answer is never
        // refused for the one it just finished (the write can complete after the client has read it).
        release();
        response.write(true, ByteBuffer.wrap(body), Callback.from(callback::succeeded, callback::failed));
        return true;
    }

    /** The client went away or the connection failed: nothing to answer. */
    private void abandon(Throwable failure) {
        if (answered.compareAndSet(false, true)) {
            h.metrics.request(streamId, 499, System.nanoTime() - arrivedNanos);
            REFUSED.info("Abandoned request for stream {} from {}: {}", WebhookHandler.loggable(streamId),
                    WebhookHandler.safe(client != null ? client : Request.getRemoteAddr(request)), failure.toString());
            release();
            callback.failed(failure);
        }
    }

    private void release() {
        buffer = null;
        if (ticket != null) {
            ticket.close();
        }
    }
}
