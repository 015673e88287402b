package io.authstream.archive;

import io.authstream.archive.es.ElasticsearchGateway;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes Elasticsearch ({@code _cluster/health}, since this distribution has no {@code GET /}) and
 * Kafka (cluster description) every 5 s on its own thread, so that health requests never block.
 */
final class HealthCheck implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthCheck.class);
    private static final Duration PERIOD = Duration.ofSeconds(5);

    private final ElasticsearchGateway es;
    private final Map<String, Object> adminProps;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "archive-health");
        t.setDaemon(true);
        return t;
    });
    private Admin admin;
    private volatile boolean esUp;
    private volatile boolean kafkaUp;

    HealthCheck(ElasticsearchGateway es, Map<String, String> kafka) {
        this.es = es;
        Map<String, Object> p = new HashMap<>();
        kafka.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                p.put(k, v);
            }
        });
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "authstream-archive-health");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4000);
        this.adminProps = p;
    }

    void start() {
        admin = Admin.create(adminProps);
        timer.scheduleWithFixedDelay(this::probe, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void probe() {
        boolean e;
        try {
            String status = es.clusterHealth();
            e = !"red".equals(status);
        } catch (Exception ex) {
            e = false;
        }
        boolean k;
        try {
            k = !admin.describeCluster().nodes().get(4, TimeUnit.SECONDS).isEmpty();
        } catch (Exception ex) {
            k = false;
        }
        if (e != esUp || k != kafkaUp) {
            LOG.info("Archive dependencies: Elasticsearch {}, Kafka {}", e ? "up" : "DOWN", k ? "up" : "DOWN");
        }
        esUp = e;
        kafkaUp = k;
    }

    boolean elasticsearchUp() {
        return esUp;
    }

    boolean kafkaUp() {
        return kafkaUp;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
