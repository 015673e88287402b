package io.authstream.cli;

import io.authstream.analyzer.Analyzer;
import io.authstream.analyzer.AnalyzerConfig;
import io.authstream.analyzer.notify.Notifier;
import io.authstream.analyzer.notify.NotifierConfig;
import io.authstream.archive.ArchiveConfig;
import io.authstream.archive.ArchiveService;
import io.authstream.embedded.EmbeddedElasticsearch;
import io.authstream.embedded.EmbeddedKafka;
import io.authstream.ingest.IngestConfig;
import io.authstream.ingest.IngestServer;
import io.authstream.retention.RetentionConfig;
import io.authstream.retention.RetentionService;
import io.authstream.schemas.config.Config;
import io.authstream.ops.OpsAddress;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code authstream local}: the whole pipeline in one process on loopback. Embedded Kafka and
 * Elasticsearch (security on), then ingest, analyzer, notifier (console), archive and the
 * retention service, each built from the same configuration a distributed deployment uses.
 */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = "Runs all of authstream on this machine with embedded Kafka and Elasticsearch. Ctrl-C stops everything.")
final class LocalCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(LocalCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", description = "Where data lives across restarts (default: ${DEFAULT-VALUE}).")
    Path dataDir = LocalPaths.defaultDataDir();

    @Option(names = {"-c", "--config"}, description = "Configuration file (YAML or properties) layered over local defaults.")
    Path configFile;

    @Option(names = "--kafka-port", description = "Kafka port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int kafkaPort = 9092;

    @Option(names = "--es-port", description = "Elasticsearch HTTP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int esPort = 9200;

    @Option(names = "--http-port", description = "Webhook port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int httpPort = 8080;

    @Option(names = "--free-ops-ports", description = "Put each component's operations endpoint (health, metrics) on a free port "
            + "instead of its default (ingest 8081, archive 9402, analyzer 9403, notifier 9404, retention 9405).")
    boolean freeOpsPorts;

    @Option(names = "--es-heap", description = "Elasticsearch heap (default: ${DEFAULT-VALUE}).")
    String esHeap = "512m";

    @Option(names = "--retention-every", description = "How often the retention service enforces the policy (default: ${DEFAULT-VALUE}).")
    String retentionEvery = "1h";

    @Option(names = "--demo", description = "After start-up, replay an attack scenario through the webhook and show the alerts.")
    boolean demo;

    @Option(names = "--demo-exit", description = "With --demo: stop once the demo has finished (for scripts and tests).")
    boolean demoExit;

    @Option(names = "--log-format", description = "console or json (default: console).")
    String logFormat;

    private final Deque<AutoCloseable> running = new ArrayDeque<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        dataDir = LocalPaths.prepare(dataDir, LocalPaths.currentUid());
        LocalCredentials creds = LocalCredentials.loadOrCreate(dataDir);
        out.println("authstream local: starting (data in " + dataDir.toAbsolutePath() + ") ...");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            out.println("authstream local: stopping ...");
            out.flush();
            stopAll();
            out.println("authstream local: stopped.");
            out.flush();
            stopped.countDown();
        }, "authstream-local-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        LocalStack stack;
        try {
            stack = startAll(creds, out);
        } catch (RuntimeException e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            stopAll();
            throw e;
        }
        double seconds = Duration.ofNanos(System.nanoTime() - t0).toMillis() / 1000.0;
        stack.printBanner(out, seconds);
        if (demo) {
            new LocalDemo(stack, out).run();
            if (demoExit) {
                Runtime.getRuntime().removeShutdownHook(hook);
                stopAll();
                return 0;
            }
            out.println("The stack keeps running; press Ctrl-C to stop.");
            out.flush();
        }
        stopped.await();
        return 0;
    }

    private LocalStack startAll(LocalCredentials creds, PrintWriter out) {
        EmbeddedKafka kafka = track(EmbeddedKafka.builder().dataDir(dataDir.resolve("kafka")).port(kafkaPort)
                .brokerProperty("num.partitions", "3").start());
        out.println("  kafka ready at " + kafka.bootstrapServers());
        out.flush();
        EmbeddedElasticsearch es = track(EmbeddedElasticsearch.builder().instanceDir(dataDir.resolve("elasticsearch"))
                .httpPort(esPort).heap(esHeap).security(true).password(creds.elasticPassword())
                .shutdownHook(false).start());
        out.println("  elasticsearch ready at " + es.httpUrl());
        out.flush();

        Config config = Config.load(configFile).withDefaults(localDefaults(kafka, es, creds));
        // Loaded before logging, so every key a component reads as a secret is masked (and a bad key fails before anything starts).
        ArchiveConfig archiveConfig = ArchiveConfig.from(config);
        AnalyzerConfig analyzerConfig = AnalyzerConfig.from(config);
        NotifierConfig notifierConfig = NotifierConfig.from(config);
        RetentionConfig retentionConfig = RetentionConfig.from(config);
        IngestConfig ingestConfig = IngestConfig.from(config);
        OpsAddress analyzerOps = OpsKeys.address(config, "analyzer");
        OpsAddress notifierOps = OpsKeys.address(config, "notifier");
        OpsAddress retentionOps = OpsKeys.address(config, "retention");
        String archiveOpsHost = OpsKeys.host(config, "archive");
        LOG.info("local configuration: {}", config);

        // Each component has its own operations endpoint, as when it runs alone (docs/operations.md).
        ArchiveService archive = track(ArchiveService.start(archiveConfig, archiveOpsHost));
        OpsEndpoint analyzerEndpoint = track(new OpsEndpoint("analyzer"));
        Analyzer analyzer = track(Analyzer.start(analyzerConfig, analyzerEndpoint.metrics().registry()));
        analyzerEndpoint.serve(analyzerOps, HealthChecks.analyzer(analyzer, null, null, analyzerEndpoint.metrics().registry()));
        OpsEndpoint notifierEndpoint = track(new OpsEndpoint("notifier"));
        Notifier notifier = track(Notifier.builder(notifierConfig, notifierEndpoint.metrics().registry())
                .console(new PrintStream(System.out, true)).start());
        notifierEndpoint.serve(notifierOps, HealthChecks.notifier(notifier, notifierConfig, notifierEndpoint.metrics().registry()));
        OpsEndpoint retentionEndpoint = track(new OpsEndpoint("retention"));
        RetentionService retention = track(RetentionService.builder(retentionConfig)
                .meterRegistry(retentionEndpoint.metrics().registry()).build());
        retentionEndpoint.serve(retentionOps, HealthChecks.retention(retention, java.time.Clock.systemUTC()));
        retention.startSchedule(Config.parseDuration("--retention-every", retentionEvery));
        IngestServer ingest = track(IngestServer.start(ingestConfig));
        if (!ingest.awaitReady(Duration.ofSeconds(60))) {
            throw new IllegalStateException("ingest did not become ready within 60 s (is Kafka reachable?)");
        }
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("ingest", ingestConfig.ops().host() + ":" + ingest.opsPort());
        endpoints.put("archive", archiveOpsHost + ":" + archive.opsPort());
        endpoints.put("analyzer", analyzerOps.host() + ":" + analyzerEndpoint.port());
        endpoints.put("notifier", notifierOps.host() + ":" + notifierEndpoint.port());
        endpoints.put("retention", retentionOps.host() + ":" + retentionEndpoint.port());
        return new LocalStack(kafka, es, ingest, archive, analyzer, notifier, retention, endpoints, creds, dataDir.toAbsolutePath());
    }

    /** Local defaults: everything on loopback, one stream "main", security on with generated secrets. */
    private Map<String, String> localDefaults(EmbeddedKafka kafka, EmbeddedElasticsearch es, LocalCredentials creds) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        d.put("ingest.http.host", "127.0.0.1");
        d.put("ingest.http.port", String.valueOf(httpPort));
        d.put("ingest.streams.main.tenant", "local");
        d.put("ingest.streams.main.tokens", creds.webhookToken());
        d.put("archive.elasticsearch.url", es.httpUrl());
        d.put("archive.elasticsearch.username", "elastic");
        d.put("archive.elasticsearch.password", creds.elasticPassword());
        d.put("retention.elasticsearch.url", es.httpUrl());
        d.put("retention.elasticsearch.username", "elastic");
        d.put("retention.elasticsearch.password", creds.elasticPassword());
        d.put("retention.operator", System.getProperty("user.name") + "@local");
        d.put("retention.erasure-salt", creds.erasureSalt());
        d.put("analyzer.state-dir", dataDir.resolve("analyzer").toString());
        d.put("analyzer.detections.stream-silence.streams", "local/main");
        d.put(OpsAddress.GLOBAL_HOST_KEY, OpsAddress.DEFAULT_HOST);
        if (freeOpsPorts) {
            for (String prefix : new String[] {"ingest", "archive", "analyzer", "notifier", "retention"}) {
                d.put(prefix + ".ops.port", "0");
            }
        }
        return d;
    }

    private <T extends AutoCloseable> T track(T component) {
        running.push(component);
        return component;
    }

    /**
     * Stops in reverse start order: components first (ingest finishes its in-flight requests),
     * then Elasticsearch and Kafka. Each component gets a few seconds; one that takes longer is
     * left to die with the JVM, so that the whole stop stays within about 10 s and the embedded
     * services are always stopped.
     */
    private synchronized void stopAll() {
        while (!running.isEmpty()) {
            AutoCloseable c = running.pop();
            boolean infrastructure = c instanceof EmbeddedElasticsearch || c instanceof EmbeddedKafka;
            Thread t = new Thread(() -> {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("error while stopping {}", c.getClass().getSimpleName(), e);
                }
            }, "stop-" + c.getClass().getSimpleName());
            t.setDaemon(true);
            t.start();
            try {
                t.join(infrastructure ? 30_000 : 2_500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                LOG.warn("{} did not stop in time; going on", c.getClass().getSimpleName());
            }
        }
    }
}
