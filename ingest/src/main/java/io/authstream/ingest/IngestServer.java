package io.authstream.ingest;

import io.authstream.ingest.admission.Admission;
import io.authstream.ingest.admission.DedupCache;
import io.authstream.ingest.auth.TokenStrength;
import io.authstream.ingest.body.BodySplitter;
import io.authstream.ingest.http.ConnectionGuard;
import io.authstream.ingest.http.DrainingHandler;
import io.authstream.ingest.http.JsonErrorHandler;
import io.authstream.ingest.http.OpsHandler;
import io.authstream.ingest.http.WebhookHandler;
import io.authstream.ingest.kafka.KafkaPublisher;
import io.authstream.ingest.kafka.KafkaReadiness;
import io.authstream.ingest.metrics.IngestMetrics;
import io.authstream.ops.Check;
import io.authstream.ops.ComponentHealth;
import io.authstream.ops.OpsMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running receiver: the webhook listener, the operations listener, the Kafka producer and the
 * readiness probe. {@link #start} returns once both listeners are bound; Kafka readiness follows
 * (see {@link #awaitReady}). {@link #close()} is graceful: it stops accepting, lets requests in flight
 * be produced and answered (up to {@code ingest.shutdown-timeout}), flushes the producer and stops.
 *
 * <pre>{@code
 * try (IngestServer ingest = IngestServer.start(IngestConfig.from(config))) {
 *     ingest.awaitReady(Duration.ofSeconds(30));
 *     ... ingest.port(), ingest.opsPort() ...
 * }
 * }</pre>
 */
public final class IngestServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestServer.class);

    private final IngestConfig config;
    private final OpsMetrics opsMetrics;
    private final PrometheusMeterRegistry registry;
    private final ComponentHealth health;
    private final KafkaPublisher publisher;
    private final KafkaReadiness readiness;
    private final KafkaClientMetrics kafkaMetrics;
    private final Server server;
    private final Server ops;
    private final ServerConnector connector;
    private final ServerConnector opsConnector;
    private final Admission admission;
    private final ConnectionGuard guard;
    private volatile boolean stopping;
    private volatile boolean closed;

    private IngestServer(IngestConfig config, Clock clock, UnaryOperator<BodySplitter> splitter) throws Exception {
        this.config = config;
        this.opsMetrics = OpsMetrics.create("ingest");
        this.registry = opsMetrics.registry();
        this.publisher = new KafkaPublisher(config.kafka(), "authstream-ingest");
        this.kafkaMetrics = new KafkaClientMetrics(publisher.producer());
        kafkaMetrics.bindTo(registry);
        this.readiness = new KafkaReadiness(config.kafka(), "authstream-ingest-probe");
        this.admission = new Admission(config.limits().maxInFlightRequests(), config.limits().maxInFlightBytes(),
                config.streams());
        DedupCache dedup = new DedupCache(config.dedup().horizon(), config.dedup().maxEntries());
        IngestMetrics metrics = new IngestMetrics(registry,
                config.streams().stream().map(StreamConfig::id).collect(Collectors.toSet()));
        metrics.gauges(admission::inFlightRequests, admission::inFlightBytes, dedup::size, readiness::isReady);

        String retryAfter = String.valueOf(Math.max(1, config.retryAfter().toSeconds()));
        WebhookHandler webhook = new WebhookHandler(config, admission, dedup, publisher, readiness, metrics, clock,
                () -> stopping, splitter);
        QueuedThreadPool pool = new QueuedThreadPool(config.http().maxThreads(), Math.min(8, config.http().maxThreads()));
        pool.setName("ingest-http");
        this.server = new Server(pool);
        this.connector = webhookConnector(server, config.http());
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(config.http().maxConnections(), connector));
        this.guard = new ConnectionGuard(config.http().headerTimeout(), config.http().maxConnectionsPerAddress(), System::nanoTime);
        connector.addEventListener(guard);
        server.setHandler(guard.wrap(new DrainingHandler(webhook, retryAfter)));
        server.setErrorHandler(new JsonErrorHandler());
        server.setStopTimeout(config.shutdownTimeout().toMillis());
        server.setStopAtShutdown(false);

        QueuedThreadPool opsPool = new QueuedThreadPool(8, 2);
        opsPool.setName("ingest-ops");
        this.ops = new Server(opsPool);
        HttpConfiguration opsHttp = new HttpConfiguration();
        opsHttp.setSendServerVersion(false);
        this.opsConnector = new ServerConnector(ops, 1, 1, new HttpConnectionFactory(opsHttp));
        opsConnector.setHost(config.ops().host());
        opsConnector.setPort(config.ops().port());
        ops.addConnector(opsConnector);
        // the shared health model and JSON shape (docs/operations.md), on ingest's own Jetty connector
        this.health = new ComponentHealth("ingest")
                .check("kafka", () -> readiness.isReady() ? Check.up() : Check.down(readiness.problem()))
                .check("webhook", () -> {
                    String problem = receiverProblem();
                    return problem == null ? Check.up() : Check.down(problem);
                });
        ops.setHandler(new OpsHandler(health::snapshot, registry::scrape));
        ops.setErrorHandler(new JsonErrorHandler());
        ops.setStopAtShutdown(false);
    }

    /** Starts with the system clock. */
    public static IngestServer start(IngestConfig config) {
        return start(config, Clock.systemUTC());
    }

    /**
     * Binds both listeners, starts the producer and the Kafka probe (which creates the topics if
     * allowed). Does not wait for Kafka: until it is ready the webhook answers 503. Throws with a readable message when a port
     * cannot be bound or the keystore cannot be read.
     *
     * @param clock the source of the received-at header
     */
    public static IngestServer start(IngestConfig config, Clock clock) {
        return start(config, clock, UnaryOperator.identity());
    }

    /** As {@link #start(IngestConfig, Clock)}, with the body splitter wrapped (tests inject failures this way). */
    static IngestServer start(IngestConfig config, Clock clock, UnaryOperator<BodySplitter> splitter) {
        IngestServer s;
        try {
            s = new IngestServer(config, clock, splitter);
        } catch (Exception e) {
            throw new IllegalStateException("ingest could not be set up: " + e.getMessage(), e);
        }
        try {
            s.ops.start();
            s.readiness.start();
            s.server.start();
        } catch (Exception e) {
            s.close();
            throw new IllegalStateException("ingest could not start on " + config.http().host() + ":" + config.http().port()
                    + " / ops " + config.ops().host() + ":" + config.ops().port() + ": " + e.getMessage(), e);
        }
        warnAboutWeakTokens(config);
        LOG.info("Ingest listening on {}{stream} (streams {}), operations on http://{}:{}", s.baseUri(),
                config.streams().stream().map(StreamConfig::id).toList(), config.ops().host(), s.opsPort());
        return s;
    }

    /** Accepted but guessable tokens are worth a loud line at every start (never the token itself). */
    private static void warnAboutWeakTokens(IngestConfig config) {
        for (StreamConfig st : config.streams()) {
            for (int i = 0; i < st.tokens().size(); i++) {
                String t = st.tokens().get(i).value();
                if (TokenStrength.weak(t)) {
                    LOG.warn("Stream {}: token #{} of {} is weak (about {} bits by its characters, {} recommended); "
                            + "replace it with a random value such as 'openssl rand -hex 32'", st.id(), i + 1,
                            st.tokens().size(), Math.round(TokenStrength.bits(t)), TokenStrength.GOOD_BITS);
                }
            }
        }
    }

    private static ServerConnector webhookConnector(Server server, IngestConfig.Http http) {
        HttpConfiguration hc = new HttpConfiguration();
        hc.setSendServerVersion(false);
        hc.setSendXPoweredBy(false);
        // No ForwardedRequestCustomizer: it believes the left-most X-Forwarded-For hop from any peer.
        // WebhookHandler resolves the client itself (ClientAddress: right-most untrusted hop).
        ServerConnector c;
        if (http.tls().isPresent()) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(http.tls().get().keystore().toString());
            ssl.setKeyStorePassword(http.tls().get().keystorePassword().value());
            ssl.setKeyStoreType("PKCS12");
            IngestConfig.Tls tls = http.tls().get();
            ssl.setIncludeProtocols(tls.protocols().toArray(String[]::new));
            if (tls.cipherSuites().isEmpty()) {
                // on top of Jetty's exclusions (SSL, export, NULL, anonymous, RC4, DES, MD5, SHA-1): CBC suites,
                // so only AEAD suites (GCM, ChaCha20-Poly1305) with forward secrecy are offered
                ssl.addExcludeCipherSuites("^.*_CBC_.*$", "^TLS_RSA_.*$");
            } else {
                ssl.setIncludeCipherSuites(tls.cipherSuites().toArray(String[]::new));
            }
            ssl.setRenegotiationAllowed(false);
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            // Auth0 or a load balancer may reach us by a name other than the certificate's; the
            // certificate is the client's business, not a reason to refuse the request.
            secure.setSniHostCheck(false);
            hc.addCustomizer(secure);
            c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(hc));
        } else {
            c = new ServerConnector(server, new HttpConnectionFactory(hc));
        }
        c.setHost(http.host());
        c.setPort(http.port());
        c.setIdleTimeout(http.idleTimeout().toMillis());
        return c;
    }

    /** The webhook port (the bound one when 0 was configured). */
    public int port() {
        return connector.getLocalPort();
    }

    public int opsPort() {
        return opsConnector.getLocalPort();
    }

    /** {@code http(s)://host:port/v1/auth0/}, the stream id goes after it; a wildcard host shows as 127.0.0.1. */
    public URI baseUri() {
        String host = config.http().host().equals("0.0.0.0") || config.http().host().equals("::") ? "127.0.0.1" : config.http().host();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create((config.http().tls().isPresent() ? "https" : "http") + "://" + host + ":" + port() + "/v1/auth0/");
    }

    /** {@code http(s)://host:port/v1/auth0/{stream}} as seen from this machine (stream ids are URL-safe). */
    public URI endpoint(String stream) {
        return baseUri().resolve(stream);
    }

    public IngestConfig config() {
        return config;
    }

    /** True when Kafka is writable and the server is not stopping. */
    public boolean isReady() {
        return notReadyReason() == null;
    }

    /** Waits up to {@code timeout} for readiness; true when ready. */
    public boolean awaitReady(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!isReady()) {
            if (System.nanoTime() > end) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private String notReadyReason() {
        if (!stopping && !readiness.isReady()) {
            return readiness.problem();
        }
        return receiverProblem();
    }

    /** Why the webhook itself cannot take requests (stopping, saturated), or null. */
    private String receiverProblem() {
        if (stopping) {
            return "shutting down";
        }
        long saturated = admission.saturatedNanos();
        if (saturated >= config.limits().saturationTimeout().toNanos()) {
            return "all " + config.limits().maxInFlightRequests() + " in-flight request slots have been taken for "
                    + Duration.ofNanos(saturated).toSeconds() + " s (ingest.saturation-timeout); every new request gets 503";
        }
        return null;
    }

    /** The connection guard of the webhook listener (tests read its counters). */
    ConnectionGuard connectionGuard() {
        return guard;
    }

    /** Graceful: stop accepting, finish requests in flight (produce and answer), flush and close. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopping = true;
        long t0 = System.nanoTime();
        List<Exception> problems = new ArrayList<>();
        try {
            server.stop();
        } catch (Exception e) {
            problems.add(e);
        }
        readiness.close();
        publisher.close(config.shutdownTimeout());
        kafkaMetrics.close();
        try {
            ops.stop();
        } catch (Exception e) {
            problems.add(e);
        }
        opsMetrics.close();
        LOG.info("Ingest stopped in {} ms", Duration.ofNanos(System.nanoTime() - t0).toMillis());
        if (!problems.isEmpty()) {
            LOG.warn("Ingest stopped with problems: {}", problems.stream().map(Exception::toString).toList());
        }
    }
}
