package io.authstream.ingest.http;

import io.authstream.ingest.IngestConfig;
import io.authstream.ingest.StreamConfig;
import io.authstream.ingest.admission.Admission;
import io.authstream.ingest.admission.DedupCache;
import io.authstream.ingest.auth.AuthFailures;
import io.authstream.ingest.auth.Cidr;
import io.authstream.ingest.auth.ClientAddress;
import io.authstream.ingest.auth.StreamAuthenticator;
import io.authstream.ingest.body.BatchParser;
import io.authstream.ingest.body.BodySplitter;
import io.authstream.ingest.kafka.KafkaPublisher;
import io.authstream.ingest.kafka.KafkaReadiness;
import io.authstream.ingest.metrics.IngestMetrics;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code POST /v1/auth0/{stream}}: the checks that need no body, in the order that costs an attacker
 * the most and us the least (route, method, authentication, media type, declared size, readiness,
 * admission), then hands the request to an {@link Exchange} that reads, validates, produces and answers.
 * No thread waits: the body is read as it arrives and the answer is written when Kafka acknowledges.
 * The handler is declared blocking only so that Jetty calls it on a pool thread, never on a selector,
 * since validating a batch is CPU work.
 */
public final class WebhookHandler extends Handler.Abstract {
    static final String PATH_PREFIX = "/v1/auth0/";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> JSON_TYPES = Set.of("application/json", "application/x-ndjson", "application/ndjson",
            "application/jsonl", "application/x-jsonl", "application/jsonlines", "application/x-jsonlines", "text/plain");

    final IngestConfig config;
    final StreamAuthenticator authenticator;
    private final AuthFailures authFailures;
    final ClientAddress clients;
    final Admission admission;
    final DedupCache dedup;
    final BodySplitter parser;
    final KafkaPublisher publisher;
    final KafkaReadiness readiness;
    final IngestMetrics metrics;
    final Clock clock;
    final BooleanSupplier stopping;
    final String retryAfterSeconds;

    public WebhookHandler(IngestConfig config, Admission admission, DedupCache dedup, KafkaPublisher publisher,
                          KafkaReadiness readiness, IngestMetrics metrics, Clock clock, BooleanSupplier stopping) {
        this(config, admission, dedup, publisher, readiness, metrics, clock, stopping, UnaryOperator.identity());
    }

    /** @param splitter wraps the real {@link BatchParser} (tests inject failures with it) */
    public WebhookHandler(IngestConfig config, Admission admission, DedupCache dedup, KafkaPublisher publisher,
                          KafkaReadiness readiness, IngestMetrics metrics, Clock clock, BooleanSupplier stopping,
                          UnaryOperator<BodySplitter> splitter) {
        this.config = config;
        this.authenticator = new StreamAuthenticator(config.streams());
        IngestConfig.AuthThrottle t = config.authThrottle();
        this.authFailures = new AuthFailures(t.maxFailures(), t.window(), t.maxAddresses(), clock);
        this.clients = new ClientAddress(config.http().trustForwardedHeaders(), config.http().trustedProxies());
        this.admission = admission;
        this.dedup = dedup;
        this.parser = splitter.apply(new BatchParser(config.limits().maxEventBytes(), config.limits().maxEventsPerRequest(),
                config.limits().maxBodyBytes()));
        this.publisher = publisher;
        this.readiness = readiness;
        this.metrics = metrics;
        this.clock = clock;
        this.stopping = stopping;
        this.retryAfterSeconds = String.valueOf(Math.max(1, config.retryAfter().toSeconds()));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long arrived = System.nanoTime();
        String path = request.getHttpURI().getPath();
        String streamId = streamId(path);
        Exchange x = new Exchange(this, request, response, callback, streamId, arrived, clock.instant());
        try {
            checkAndAdmit(request, response, x, streamId);
        } catch (RuntimeException e) {
            x.fail(e);
        }
        return true;
    }

    private void checkAndAdmit(Request request, Response response, Exchange x, String streamId) {
        if (streamId == null) {
            x.refuse(Refusal.NOT_FOUND, "No such endpoint; post Auth0 log streams to " + PATH_PREFIX + "{stream}.", "no such path");
            return;
        }
        if (!HttpMethod.POST.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            x.refuse(Refusal.METHOD_NOT_ALLOWED, "Only POST is allowed here.", "method " + safe(request.getMethod()));
            return;
        }
        InetAddress remote = remoteAddress(request);
        x.client(remote);
        if (authFailures.blocked(remote)) {
            // before the token is compared: a guesser learns nothing until the window ends
            metrics.authFailure(streamId, "throttled");
            x.refuse(Refusal.TOO_MANY_AUTH_FAILURES, "Too many failed authentications from this address; retry later.",
                    "address throttled after " + config.authThrottle().maxFailures() + " failed authentications");
            return;
        }
        StreamAuthenticator.Outcome outcome = authenticator.authenticate(streamId,
                request.getHeaders().get(HttpHeader.AUTHORIZATION), remote);
        if (outcome instanceof StreamAuthenticator.Outcome.Denied denied) {
            authFailures.failed(remote);
            metrics.authFailure(streamId, reasonTag(denied.reason()));
            x.refuse(Refusal.UNAUTHORIZED, "The Authorization header does not match a token of this stream.", denied.reason());
            return;
        }
        StreamAuthenticator.Outcome.Allowed allowed = (StreamAuthenticator.Outcome.Allowed) outcome;
        StreamConfig stream = allowed.stream();
        metrics.tokenUsed(stream.id(), allowed.token());
        x.stream(stream);
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (!jsonish(contentType)) {
            x.refuse(Refusal.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be JSON or JSON Lines (application/json, "
                    + "application/x-ndjson, application/jsonl or text/plain).", "content type " + safe(contentType));
            return;
        }
        String encoding = request.getHeaders().get(HttpHeader.CONTENT_ENCODING);
        boolean gzip;
        if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
            gzip = false;
        } else if (encoding.equalsIgnoreCase("gzip") || encoding.equalsIgnoreCase("x-gzip")) {
            gzip = true;
        } else {
            x.refuse(Refusal.UNSUPPORTED_ENCODING, "Content-Encoding must be gzip or none.", "content encoding " + safe(encoding));
            return;
        }
        long declared = request.getLength();
        if (declared > config.limits().maxBodyBytes()) {
            x.refuse(Refusal.BODY_TOO_LARGE, "The body is larger than " + config.limits().maxBodyBytes()
                    + " bytes (ingest.max-body-bytes).", "declared length " + declared);
            return;
        }
        if (stopping.getAsBoolean()) {
            x.refuse(Refusal.SHUTTING_DOWN, "The receiver is shutting down; retry shortly.", "shutting down");
            return;
        }
        if (!readiness.isReady()) {
            x.refuse(Refusal.KAFKA_UNAVAILABLE, "Kafka is not available; the events were not accepted, retry later.",
                    "Kafka not ready: " + readiness.problem());
            return;
        }
        Admission.Refusal[] why = new Admission.Refusal[1];
        Admission.Ticket ticket = admission.tryAdmit(stream, why);
        if (ticket == null) {
            if (why[0] == Admission.Refusal.STREAM_BUSY) {
                x.refuse(Refusal.STREAM_BUSY, "This stream has " + stream.maxInFlightRequests()
                        + " requests in flight already; retry later.", "stream in-flight limit");
            } else {
                x.refuse(Refusal.SERVER_BUSY, "The receiver is at its in-flight request limit; retry later.",
                        "server in-flight request limit");
            }
            return;
        }
        x.admitted(ticket, gzip, declared);
    }

    /** A bounded metric tag for a denial reason of {@link StreamAuthenticator}. */
    static String reasonTag(String reason) {
        return switch (reason) {
            case "unknown stream" -> "unknown-stream";
            case "missing Authorization header" -> "missing";
            case "blank Authorization header" -> "blank";
            case "wrong token" -> "wrong-token";
            default -> "address";
        };
    }

    /** The stream id of {@code /v1/auth0/{id}} (a trailing slash allowed), or null for any other path. */
    static String streamId(String path) {
        if (path == null || !path.startsWith(PATH_PREFIX)) {
            return null;
        }
        String id = path.substring(PATH_PREFIX.length());
        if (id.endsWith("/")) {
            id = id.substring(0, id.length() - 1);
        }
        return id.isEmpty() || id.indexOf('/') >= 0 ? null : id;
    }

    static boolean jsonish(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String media = (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
        return JSON_TYPES.contains(media) || (media.startsWith("application/") && media.endsWith("+json"));
    }

    private InetAddress remoteAddress(Request request) {
        return clients.resolve(Cidr.address(Request.getRemoteAddr(request)),
                request.getHeaders().getValuesList(HttpHeader.X_FORWARDED_FOR));
    }

    /** A value from the request made safe for a log line: short, printable ASCII only. */
    static String safe(String s) {
        if (s == null) {
            return "(none)";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 64; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return s.length() > 64 ? b + "..." : b.toString();
    }

    /** The stream id for a log line: as requested when it looks like an id, else a placeholder. */
    static String loggable(String streamId) {
        return streamId != null && SAFE_ID.matcher(streamId).matches() ? streamId : "(invalid)";
    }
}
