package io.authstream.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool$;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker (KRaft, combined broker and controller) running inside this JVM.
 *
 * <p>Free loopback ports and a temporary data directory by default; fixed ports and a persistent
 * directory on request, so that {@code authstream local} keeps its topics across restarts. The
 * quorum is declared statically ({@code controller.quorum.voters}), which lets a persistent
 * directory be reopened on different ports. {@link #close()} shuts the broker down and waits for
 * it; a temporary directory is deleted afterwards.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    /**
     * Transactions protocol version the broker is formatted with. Version 2 (the 4.x default) made
     * this single-node broker log OutOfOrderSequenceException errors under exactly-once Streams
     * load (CONCURRENT_TRANSACTIONS, then a sequence reset the producer retries through); version 1
     * is the long-proven protocol and gives the same exactly-once guarantees to the clients.
     */
    static final int TRANSACTION_VERSION = Integer.getInteger("authstream.kafka.transaction-version", 1);

    private final Path dataDir;
    private final boolean temporary;
    private final int port;
    private final int controllerPort;
    private final KafkaRaftServer server;
    private final Duration startupTime;
    private volatile boolean closed;

    private EmbeddedKafka(Builder b) {
        long t0 = System.nanoTime();
        try {
            this.temporary = b.dataDir == null;
            this.dataDir = temporary ? Files.createTempDirectory("authstream-kafka-") : Files.createDirectories(b.dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Kafka data directory", e);
        }
        this.port = b.port > 0 ? b.port : Ports.freePort();
        this.controllerPort = b.controllerPort > 0 ? b.controllerPort : Ports.freePort();
        Properties props = brokerProperties(b.overrides);
        Path logDir = dataDir.resolve("log");
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(props);
        }
        server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
        server.startup();
        waitUntilReady(Duration.ofSeconds(60));
        this.startupTime = Duration.ofNanos(System.nanoTime() - t0);
        LOG.info("Embedded Kafka ready at {} in {} ms (data in {})", bootstrapServers(), startupTime.toMillis(), dataDir);
    }

    /** A builder; {@code EmbeddedKafka.builder().start()} gives free ports and a temporary directory. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts a broker on free ports with a temporary data directory. */
    public static EmbeddedKafka start() {
        return builder().start();
    }

    private Properties brokerProperties(Map<String, String> overrides) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.put("log.dirs", dataDir.resolve("log").toString());
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        p.putAll(overrides);
        return p;
    }

    private static void format(Properties props) {
        try {
            Path cfg = Files.createTempFile("authstream-kafka-format-", ".properties");
            try (OutputStream out = Files.newOutputStream(cfg)) {
                props.store(out, "authstream embedded Kafka");
            }
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
            int rc = StorageTool$.MODULE$.execute(
                    new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", cfg.toString(),
                            "--feature", "transaction.version=" + TRANSACTION_VERSION}, quiet);
            Files.deleteIfExists(cfg);
            if (rc != 0) {
                throw new IllegalStateException("formatting the Kafka data directory failed with exit code " + rc);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot format the Kafka data directory", e);
        }
    }

    private void waitUntilReady(Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        Exception last = null;
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000"))) {
            while (System.nanoTime() < end) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Kafka", e);
                }
            }
        }
        close();
        throw new IllegalStateException("embedded Kafka did not become ready within " + deadline.toSeconds() + " s", last);
    }

    /** {@code host:port} of the PLAINTEXT listener, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Wall time from construction to the first successful cluster description. */
    public Duration startupTime() {
        return startupTime;
    }

    public boolean isRunning() {
        return !closed;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long t0 = System.nanoTime();
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            if (temporary) {
                FileTrees.deleteQuietly(dataDir);
            }
        }
        LOG.info("Embedded Kafka stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    /** Options for {@link EmbeddedKafka}. */
    public static final class Builder {
        private Path dataDir;
        private int port;
        private int controllerPort;
        private final Map<String, String> overrides = new java.util.HashMap<>();

        private Builder() {
        }

        /** Keeps data in this directory across restarts (created if missing, formatted once). */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** Fixed client port; 0 (default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Fixed controller port; 0 (default) picks a free one. */
        public Builder controllerPort(int port) {
            this.controllerPort = port;
            return this;
        }

        /** Any broker property, e.g. {@code num.partitions}. */
        public Builder brokerProperty(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        public EmbeddedKafka start() {
            return new EmbeddedKafka(this);
        }
    }
}
