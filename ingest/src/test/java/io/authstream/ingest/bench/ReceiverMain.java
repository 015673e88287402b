package io.authstream.ingest.bench;

import io.authstream.ingest.IngestConfig;
import io.authstream.ingest.IngestServer;
import io.authstream.schemas.config.Config;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The receiver under test, in its own JVM so that its heap is its own: {@code ReceiverMain
 * <bootstrap> <topic-prefix> <token>}. Prints {@code PORTS <http> <ops>} once ready, stops on stdin EOF.
 */
public final class ReceiverMain {
    private ReceiverMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> m = new HashMap<>();
        m.put("kafka.bootstrap.servers", args[0]);
        m.put("topics.prefix", args[1]);
        m.put("ingest.streams.bench.tokens", args[2]);
        m.put("ingest.http.host", "127.0.0.1");
        m.put("ingest.http.port", "0");
        m.put("ingest.ops.port", "0");
        IngestServer server = IngestServer.start(IngestConfig.from(Config.of(m)));
        if (!server.awaitReady(Duration.ofSeconds(60))) {
            System.err.println("receiver: Kafka not ready");
            System.exit(2);
        }
        CountDownLatch done = new CountDownLatch(1);
        Thread.ofPlatform().daemon().start(() -> {
            try {
                while (System.in.read() >= 0) {
                    // wait for the parent to close our stdin
                }
            } catch (java.io.IOException e) {
                // parent gone
            }
            done.countDown();
        });
        System.out.println("PORTS " + server.port() + " " + server.opsPort());
        System.out.flush();
        done.await();
        server.close();
    }
}
