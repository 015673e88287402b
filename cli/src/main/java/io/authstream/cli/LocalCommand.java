package io.authstream.cli;

import io.authstream.embedded.EmbeddedElasticsearch;
import io.authstream.embedded.EmbeddedKafka;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code authstream local}: the whole pipeline in one process on loopback, with embedded Kafka and Elasticsearch. */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = "Runs authstream on this machine: embedded Kafka and Elasticsearch on loopback. Ctrl-C stops everything.")
final class LocalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", description = "Where Kafka and Elasticsearch keep data across restarts (default: ${DEFAULT-VALUE}).")
    Path dataDir = LocalPaths.defaultDataDir();

    @Option(names = "--kafka-port", description = "Kafka port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int kafkaPort = 9092;

    @Option(names = "--es-port", description = "Elasticsearch HTTP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int esPort = 9200;

    @Option(names = "--es-heap", description = "Elasticsearch heap (default: ${DEFAULT-VALUE}).")
    String esHeap = "512m";

    @Option(names = "--log-format", description = "console or json (default: console).")
    String logFormat;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        out.println("authstream local: starting Kafka and Elasticsearch (data in " + dataDir.toAbsolutePath() + ") ...");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dataDir.resolve("kafka")).port(kafkaPort)
                .brokerProperty("num.partitions", "3").start();
        EmbeddedElasticsearch es;
        try {
            es = EmbeddedElasticsearch.builder().instanceDir(dataDir.resolve("elasticsearch")).httpPort(esPort)
                    .heap(esHeap).start();
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        Thread hook = new Thread(() -> {
            out.println("authstream local: stopping ...");
            out.flush();
            es.close();
            kafka.close();
            out.println("authstream local: stopped.");
            out.flush();
            stopped.countDown();
        }, "authstream-local-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.printf("authstream local: ready in %.1f s%n", Duration.ofNanos(System.nanoTime() - t0).toMillis() / 1000.0);
        out.println("  Kafka bootstrap servers : " + kafka.bootstrapServers());
        out.println("  Elasticsearch           : " + es.httpUrl() + " (pid " + es.pid() + ")");
        out.println("  Data directory          : " + dataDir.toAbsolutePath());
        out.println("Press Ctrl-C to stop.");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
