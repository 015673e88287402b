package io.authstream.ingest;

import io.authstream.ingest.auth.Cidr;
import io.authstream.ops.OpsAddress;
import io.authstream.schemas.config.Config;
import io.authstream.schemas.config.ConfigException;
import io.authstream.schemas.config.Masking;
import io.authstream.schemas.config.Secret;
import io.authstream.schemas.topic.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Everything ingest needs, read once from {@link Config} and validated: a wrong value fails at load
 * with a sentence naming the key. {@link #toString()} masks tokens, passwords and secret Kafka settings.
 * Keys and defaults are documented in {@code docs/ingest.md}.
 */
public record IngestConfig(Http http, Ops ops, Limits limits, Dedup dedup, Kafka kafka, List<StreamConfig> streams,
                           Duration retryAfter, Duration shutdownTimeout, int rejectedMaxOriginalBytes,
                           AuthThrottle authThrottle) {

    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final int DEFAULT_OPS_PORT = 8081;
    public static final long DEFAULT_MAX_BODY_BYTES = 32L << 20;
    public static final int DEFAULT_MAX_EVENT_BYTES = 512 << 10;
    public static final int DEFAULT_MAX_EVENTS_PER_REQUEST = 50_000;
    public static final int DEFAULT_MAX_IN_FLIGHT_REQUESTS = 64;
    public static final long DEFAULT_MAX_IN_FLIGHT_BYTES = 64L << 20;
    public static final int MIN_TOKEN_LENGTH = 16;
    /** Kafka's producer default for {@code max.request.size}; an event plus headers must fit in it. */
    static final int KAFKA_DEFAULT_MAX_REQUEST_SIZE = 1 << 20;
    private static final int RECORD_OVERHEAD_BYTES = 4096;
    private static final Pattern STREAM_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Set<String> STREAM_KEYS = Set.of("tenant", "tokens", "allowed-cidrs", "max-in-flight-requests");
    private static final Set<String> KNOWN_KEYS = Set.of(
            "ingest.http.host", "ingest.http.port", "ingest.http.idle-timeout", "ingest.http.read-timeout",
            "ingest.http.max-connections", "ingest.http.max-threads", "ingest.http.trust-forwarded-headers",
            "ingest.http.trusted-proxies", "ingest.http.header-timeout", "ingest.http.max-connections-per-address",
            "ingest.saturation-timeout", "ingest.max-rejected-per-request",
            "ingest.ops.host", "ingest.ops.port",
            "ingest.max-body-bytes", "ingest.max-event-bytes", "ingest.max-events-per-request",
            "ingest.max-in-flight-requests", "ingest.max-in-flight-bytes",
            "ingest.dedup.horizon", "ingest.dedup.max-entries", "ingest.produce-timeout", "ingest.retry-after",
            "ingest.shutdown-timeout", "ingest.rejected.max-original-bytes", "ingest.topics.create",
            "ingest.kafka.probe-interval", "ingest.tls.keystore", "ingest.tls.keystore-password",
            "ingest.tls.protocols", "ingest.tls.cipher-suites",
            "ingest.auth.max-failures", "ingest.auth.failure-window", "ingest.auth.max-tracked-addresses");

    public IngestConfig {
        streams = List.copyOf(streams);
    }

    /** Where a proxy-free deployment's load balancer or reverse proxy usually is: loopback and private networks. */
    public static final List<String> DEFAULT_TRUSTED_PROXIES = List.of("127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12",
            "192.168.0.0/16", "::1/128", "fc00::/7");

    /**
     * The HTTP listener Auth0 posts to. Port 0 picks a free port.
     *
     * @param headerTimeout            a connection must have sent a complete request head (and finished
     *                                 its TLS handshake) within this of opening or of its previous answer
     * @param maxConnectionsPerAddress connections one peer address may hold at once, 0 for no limit
     * @param trustedProxies           peers whose {@code X-Forwarded-For} is believed, when
     *                                 {@code trustForwardedHeaders}; the client is the right-most hop not in it
     */
    public record Http(String host, int port, Duration idleTimeout, Duration readTimeout, int maxConnections,
                       int maxThreads, boolean trustForwardedHeaders, Optional<Tls> tls, Duration headerTimeout,
                       int maxConnectionsPerAddress, List<Cidr> trustedProxies) {
        public Http {
            trustedProxies = List.copyOf(trustedProxies);
        }
    }

    /** TLS 1.3 and 1.2, nothing older: {@code ingest.tls.protocols}'s default. */
    public static final List<String> DEFAULT_TLS_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /**
     * A PKCS12 keystore holding the server certificate chain and key; when set the listener speaks HTTPS.
     *
     * @param protocols    {@code ingest.tls.protocols}: the only protocols offered (default TLSv1.3, TLSv1.2)
     * @param cipherSuites {@code ingest.tls.cipher-suites}: the only suites offered; empty (default) keeps the
     *                     JDK's and Jetty's defaults, which exclude SSL, export, NULL, anonymous, RC4, DES and MD5
     *                     suites; CBC and SHA-1 suites are excluded on top
     */
    public record Tls(Path keystore, Secret keystorePassword, List<String> protocols, List<String> cipherSuites) {
        public Tls {
            protocols = List.copyOf(protocols);
            cipherSuites = List.copyOf(cipherSuites);
        }
    }

    /**
     * Throttling of failed authentications per client address.
     *
     * @param maxFailures  {@code ingest.auth.max-failures}: 401s an address may get within the window before every
     *                     further request from it gets 429 until the window ends (0: no throttling)
     * @param window       {@code ingest.auth.failure-window}: starts at an address's first failure
     * @param maxAddresses {@code ingest.auth.max-tracked-addresses}: addresses remembered at most
     */
    public record AuthThrottle(int maxFailures, Duration window, long maxAddresses) {
    }

    /** The operations listener: {@code /health/live}, {@code /health/ready}, {@code /metrics}. */
    public record Ops(String host, int port) {
    }

    /**
     * @param maxBodyBytes        largest body, after gzip decompression (413 beyond)
     * @param maxEventBytes       largest single event; larger ones are rejected to the dead-letter topic
     * @param maxEventsPerRequest most events in one request (413 beyond)
     * @param maxInFlightRequests requests held at once, server-wide (503 beyond)
     * @param maxInFlightBytes    body bytes held at once, server-wide (503 beyond)
     * @param saturationTimeout   readiness turns false once {@code maxInFlightRequests} has been held this long without a break
     * @param maxRejectedPerRequest most dead letters one request may produce (400 {@code too-many-rejected} beyond)
     */
    public record Limits(long maxBodyBytes, int maxEventBytes, int maxEventsPerRequest, int maxInFlightRequests,
                         long maxInFlightBytes, Duration saturationTimeout, int maxRejectedPerRequest) {
    }

    /** Redelivered {@code log_id}s seen on the same stream within {@code horizon} are not produced again; 0 entries disables. */
    public record Dedup(Duration horizon, long maxEntries) {
        public boolean enabled() {
            return maxEntries > 0;
        }
    }

    /**
     * @param clientProperties Kafka client settings (everything under {@code kafka.}), before ingest's own
     * @param produceTimeout   how long a request waits for its acknowledgements before 503
     */
    public record Kafka(Map<String, String> clientProperties, Topics topics, boolean createTopics,
                        Duration produceTimeout, Duration probeInterval) {
        public Kafka {
            clientProperties = Map.copyOf(clientProperties);
        }

        public String bootstrapServers() {
            return clientProperties.get("bootstrap.servers");
        }

        @Override
        public String toString() {
            return "Kafka[clientProperties=" + masked(clientProperties) + ", topics=" + topics + ", createTopics="
                    + createTopics + ", produceTimeout=" + produceTimeout + ", probeInterval=" + probeInterval + "]";
        }
    }

    /** Reads and validates ingest's configuration; throws {@link ConfigException} naming the first bad key. */
    public static IngestConfig from(Config c) {
        rejectUnknownKeys(c);
        Http http = new Http(c.string("ingest.http.host", "0.0.0.0"), port(c, "ingest.http.port", DEFAULT_HTTP_PORT),
                c.positiveDuration("ingest.http.idle-timeout", Duration.ofSeconds(30)),
                c.positiveDuration("ingest.http.read-timeout", Duration.ofSeconds(60)),
                c.positiveInt("ingest.http.max-connections", 1024), atLeast(c, "ingest.http.max-threads", 100, 8),
                c.bool("ingest.http.trust-forwarded-headers", false), tls(c),
                c.positiveDuration("ingest.http.header-timeout", Duration.ofSeconds(10)),
                nonNegative(c, "ingest.http.max-connections-per-address", 64, "no limit"),
                cidrs(c, "ingest.http.trusted-proxies", DEFAULT_TRUSTED_PROXIES));
        // loopback unless configured (ops.host is every component's default; containers set it to 0.0.0.0)
        Ops ops = new Ops(c.string("ingest.ops.host", c.string(OpsAddress.GLOBAL_HOST_KEY, OpsAddress.DEFAULT_HOST)),
                port(c, "ingest.ops.port", DEFAULT_OPS_PORT));
        if (ops.port() != 0 && ops.port() == http.port()) {
            throw new ConfigException("ingest.ops.port must differ from ingest.http.port, both were " + ops.port() + ".");
        }
        Limits limits = limits(c);
        long dedupEntries = c.longValue("ingest.dedup.max-entries", 200_000);
        if (dedupEntries < 0) {
            throw new ConfigException("ingest.dedup.max-entries must be 0 (off) or positive, was " + dedupEntries + ".");
        }
        Dedup dedup = new Dedup(c.positiveDuration("ingest.dedup.horizon", Duration.ofHours(1)), dedupEntries);
        Kafka kafka = kafka(c, limits);
        List<StreamConfig> streams = streams(c);
        Duration retryAfter = c.positiveDuration("ingest.retry-after", Duration.ofSeconds(5));
        int rejectedMax = c.positiveInt("ingest.rejected.max-original-bytes", 64 << 10);
        if (rejectedMax > limits.maxEventBytes()) {
            throw new ConfigException("ingest.rejected.max-original-bytes must not exceed ingest.max-event-bytes ("
                    + limits.maxEventBytes() + "), was " + rejectedMax + ".");
        }
        return new IngestConfig(http, ops, limits, dedup, kafka, streams, retryAfter,
                c.positiveDuration("ingest.shutdown-timeout", Duration.ofSeconds(30)), rejectedMax, authThrottle(c));
    }

    private static AuthThrottle authThrottle(Config c) {
        return new AuthThrottle(nonNegative(c, "ingest.auth.max-failures", 20, "no throttling"),
                c.positiveDuration("ingest.auth.failure-window", Duration.ofMinutes(1)),
                c.positiveLong("ingest.auth.max-tracked-addresses", 100_000));
    }

    private static Limits limits(Config c) {
        long maxBody = c.positiveLong("ingest.max-body-bytes", DEFAULT_MAX_BODY_BYTES);
        if (maxBody > Integer.MAX_VALUE - 16) {
            throw new ConfigException("ingest.max-body-bytes must be below 2 GiB, was " + maxBody + ".");
        }
        int maxEvent = c.positiveInt("ingest.max-event-bytes", DEFAULT_MAX_EVENT_BYTES);
        if (maxEvent > maxBody) {
            throw new ConfigException("ingest.max-event-bytes must not exceed ingest.max-body-bytes (" + maxBody
                    + "), was " + maxEvent + ".");
        }
        int maxEvents = c.positiveInt("ingest.max-events-per-request", DEFAULT_MAX_EVENTS_PER_REQUEST);
        int maxRequests = c.positiveInt("ingest.max-in-flight-requests", DEFAULT_MAX_IN_FLIGHT_REQUESTS);
        long maxBytes = c.positiveLong("ingest.max-in-flight-bytes", DEFAULT_MAX_IN_FLIGHT_BYTES);
        if (maxBytes < maxBody) {
            throw new ConfigException("ingest.max-in-flight-bytes must be at least ingest.max-body-bytes (" + maxBody
                    + ") or a body of the allowed size could never be accepted, was " + maxBytes + ".");
        }
        return new Limits(maxBody, maxEvent, maxEvents, maxRequests, maxBytes,
                c.positiveDuration("ingest.saturation-timeout", Duration.ofSeconds(60)),
                c.positiveInt("ingest.max-rejected-per-request", 1000));
    }

    private static Kafka kafka(Config c, Limits limits) {
        Map<String, String> props = new TreeMap<>(c.passThrough("kafka"));
        if (props.getOrDefault("bootstrap.servers", "").isBlank()) {
            throw new ConfigException("kafka.bootstrap.servers is required (set it in " + c.source() + " or as "
                    + Config.envName("kafka.bootstrap.servers") + ").");
        }
        String acks = props.get("acks");
        if (acks != null && !acks.equals("all") && !acks.equals("-1")) {
            throw new ConfigException("kafka.acks must be all for ingest (a 2xx promises the events are replicated), was '" + acks + "'.");
        }
        String idem = props.get("enable.idempotence");
        if (idem != null && !idem.equalsIgnoreCase("true")) {
            throw new ConfigException("kafka.enable.idempotence must be true for ingest (retries must not duplicate), was '" + idem + "'.");
        }
        int maxRequestSize = KAFKA_DEFAULT_MAX_REQUEST_SIZE;
        if (props.containsKey("max.request.size")) {
            try {
                maxRequestSize = Integer.parseInt(props.get("max.request.size").strip());
            } catch (NumberFormatException e) {
                throw new ConfigException("kafka.max.request.size must be a whole number, was '" + props.get("max.request.size") + "'.");
            }
        }
        if ((long) limits.maxEventBytes() + RECORD_OVERHEAD_BYTES > maxRequestSize) {
            throw new ConfigException("ingest.max-event-bytes (" + limits.maxEventBytes() + ") plus " + RECORD_OVERHEAD_BYTES
                    + " bytes of key and headers must fit in kafka.max.request.size (" + maxRequestSize
                    + "); lower the one or raise the other (and the broker's message.max.bytes).");
        }
        int partitions = c.positiveInt("topics.partitions", Topics.defaults().partitions());
        Topics topics = new Topics(c.string("topics.prefix", ""), partitions);
        Duration produceTimeout = c.positiveDuration("ingest.produce-timeout", Duration.ofSeconds(10));
        if (produceTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigException("ingest.produce-timeout must be at least 1s, was " + produceTimeout + ".");
        }
        return new Kafka(props, topics, c.bool("ingest.topics.create", true), produceTimeout,
                c.positiveDuration("ingest.kafka.probe-interval", Duration.ofSeconds(2)));
    }

    private static List<StreamConfig> streams(Config c) {
        List<String> ids = c.children("ingest.streams");
        if (ids.isEmpty()) {
            throw new ConfigException("No stream is configured: add at least ingest.streams.<id>.tokens "
                    + "(the Authorization value the Auth0 log stream sends).");
        }
        List<StreamConfig> out = new ArrayList<>();
        for (String id : ids) {
            String p = "ingest.streams." + id + ".";
            if (!STREAM_ID.matcher(id).matches()) {
                throw new ConfigException("ingest.streams." + id + " is not a valid stream id: use 1 to 64 letters, digits, '-' or '_', starting with a letter or digit.");
            }
            for (String child : c.children("ingest.streams." + id)) {
                if (!STREAM_KEYS.contains(child)) {
                    throw new ConfigException(p + child + " is not a stream setting; known ones are " + new TreeSet<>(STREAM_KEYS) + ".");
                }
            }
            List<Secret> tokenValues = c.secretList(p + "tokens");
            if (tokenValues.isEmpty()) {
                throw new ConfigException(p + "tokens is required: list the Authorization values this stream accepts "
                        + "(set it in " + c.source() + " or as " + Config.envName(p + "tokens") + ").");
            }
            List<Secret> tokens = new ArrayList<>();
            for (Secret t : tokenValues) {
                if (t.value().length() < MIN_TOKEN_LENGTH) {
                    throw new ConfigException(p + "tokens must each be at least " + MIN_TOKEN_LENGTH
                            + " characters long (the token is all that protects the endpoint); one has " + t.value().length() + ".");
                }
                Optional<String> weak = io.authstream.ingest.auth.TokenStrength.refusal(t.value());
                if (weak.isPresent()) {
                    throw new ConfigException(p + "tokens: one token " + weak.get() + "; use a random value such as the "
                            + "output of 'openssl rand -hex 32'.");
                }
                tokens.add(t);
            }
            List<Cidr> cidrs = new ArrayList<>();
            for (String s : c.list(p + "allowed-cidrs")) {
                try {
                    cidrs.add(Cidr.parse(s));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(p + "allowed-cidrs: " + e.getMessage() + ".");
                }
            }
            int perStream = c.integer(p + "max-in-flight-requests", 0);
            if (perStream < 0) {
                throw new ConfigException(p + "max-in-flight-requests must be 0 (server-wide limit only) or positive, was " + perStream + ".");
            }
            String tenant = c.string(p + "tenant", id);
            if (tenant.isBlank()) {
                throw new ConfigException(p + "tenant must not be blank.");
            }
            out.add(new StreamConfig(id, tenant, tokens, cidrs, perStream));
        }
        return out;
    }

    private static Optional<Tls> tls(Config c) {
        // read before the keystore check, so the generated configuration reference lists them
        List<String> protocols = c.list("ingest.tls.protocols");
        List<String> ciphers = c.list("ingest.tls.cipher-suites");
        Optional<String> keystore = c.get("ingest.tls.keystore").filter(s -> !s.isBlank());
        if (keystore.isEmpty()) {
            return Optional.empty();
        }
        Path path = Path.of(keystore.get());
        if (!Files.isReadable(path)) {
            throw new ConfigException("ingest.tls.keystore points to " + path + ", which does not exist or cannot be read.");
        }
        Secret password = c.secret("ingest.tls.keystore-password").orElseThrow(() -> new ConfigException(
                "ingest.tls.keystore-password is required when ingest.tls.keystore is set (set it as "
                        + Config.envName("ingest.tls.keystore-password") + ")."));
        if (protocols.isEmpty()) {
            protocols = DEFAULT_TLS_PROTOCOLS;
        }
        for (String proto : protocols) {
            if (!proto.equals("TLSv1.3") && !proto.equals("TLSv1.2")) {
                throw new ConfigException("ingest.tls.protocols may list only TLSv1.3 and TLSv1.2, was '" + proto + "'.");
            }
        }
        return Optional.of(new Tls(path, password, protocols, ciphers));
    }

    private static int nonNegative(Config c, String key, int dflt, String zeroMeans) {
        int v = c.integer(key, dflt);
        if (v < 0) {
            throw new ConfigException(key + " must be 0 (" + zeroMeans + ") or positive, was " + v + ".");
        }
        return v;
    }

    private static List<Cidr> cidrs(Config c, String key, List<String> dflt) {
        List<String> values = c.get(key).isPresent() ? c.list(key) : dflt;
        List<Cidr> out = new ArrayList<>();
        for (String s : values) {
            try {
                out.add(Cidr.parse(s));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key + ": " + e.getMessage() + ".");
            }
        }
        return out;
    }

    private static int port(Config c, String key, int dflt) {
        int p = c.integer(key, dflt);
        if (p < 0 || p > 65535) {
            throw new ConfigException(key + " must be a port between 0 and 65535 (0 picks a free one), was " + p + ".");
        }
        return p;
    }

    private static int atLeast(Config c, String key, int dflt, int min) {
        int v = c.integer(key, dflt);
        if (v < min) {
            throw new ConfigException(key + " must be at least " + min + ", was " + v + ".");
        }
        return v;
    }

    /** A misspelt ingest key would otherwise be ignored silently. */
    private static void rejectUnknownKeys(Config c) {
        for (String key : c.masked().keySet()) {
            if (key.startsWith("ingest.") && !key.startsWith("ingest.streams.") && !KNOWN_KEYS.contains(key)) {
                throw new ConfigException(key + " is not an ingest setting (see docs/ingest.md for the list).");
            }
        }
    }

    /** The stream with this id, if configured. */
    public Optional<StreamConfig> stream(String id) {
        return streams.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    static Map<String, String> masked(Map<String, String> props) {
        return Masking.map("kafka", props);
    }
}
