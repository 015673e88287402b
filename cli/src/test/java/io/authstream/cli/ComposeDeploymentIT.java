package io.authstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.authstream.embedded.EmbeddedElasticsearch;
import io.authstream.embedded.emulator.LogStreamEmulator;
import io.authstream.embedded.emulator.ReplaySummary;
import io.authstream.embedded.emulator.Scenario;
import io.authstream.embedded.emulator.ScenarioGenerator;
import io.authstream.embedded.emulator.Traffic;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The production-like deployment: brings {@code docker-compose.yml} up where a Docker engine
 * exists and runs the demo scenario against it, Kibana import included. Where there is no engine
 * (as on our CI machines) it is skipped, and CI still validates the file with
 * {@code docker-compose config}.
 */
class ComposeDeploymentIT {
    private static final String ELASTIC_PASSWORD = "compose-it-elastic";
    private static final String TOKEN = "compose-it-token-0123456789";

    @Test
    void composeStackArchivesAndAlertsOnTheScenario() throws Exception {
        Assumptions.assumeTrue(dockerAvailable(),
                "no Docker engine on this machine, so the compose stack cannot start; docker-compose.yml is validated by 'docker-compose config' in CI instead");
        ComposeContainer compose = new ComposeContainer(new File("../docker-compose.yml"))
                .withEnv(Map.of("ELASTIC_PASSWORD", ELASTIC_PASSWORD, "KIBANA_PASSWORD", "compose-it-kibana",
                        "AUTH0_STREAM_TOKEN", TOKEN, "ERASURE_SALT", "compose-it-salt",
                        "SLACK_WEBHOOK_URL", "https://hooks.slack.invalid/compose-it", "PAGERDUTY_ROUTING_KEY", "compose-it"))
                .withBuild(true)
                .withExposedService("ingest", 8080, Wait.forHttp("/v1/auth0/main").forStatusCode(405)
                        .withStartupTimeout(Duration.ofMinutes(10)))
                .withExposedService("elasticsearch", 9200, Wait.forHttp("/_cluster/health")
                        .withBasicCredentials("elastic", ELASTIC_PASSWORD).withStartupTimeout(Duration.ofMinutes(10)))
                .waitingFor("kibana-import", Wait.forLogMessage(".*Imported .* saved objects.*", 1)
                        .withStartupTimeout(Duration.ofMinutes(15)));
        try {
            compose.start();
            URI ingest = URI.create("http://" + compose.getServiceHost("ingest", 8080) + ":"
                    + compose.getServicePort("ingest", 8080) + "/v1/auth0/main");
            String es = "http://" + compose.getServiceHost("elasticsearch", 9200) + ":" + compose.getServicePort("elasticsearch", 9200);
            Traffic t = new ScenarioGenerator(3, "prod").generate(Scenario.MIXED, Instant.now().minus(Duration.ofMinutes(30)),
                    Duration.ofMinutes(30), 60);
            ReplaySummary s = new LogStreamEmulator(LogStreamEmulator.Options.defaults(ingest, TOKEN)).replay(t.events(), p -> { });
            assertThat(s.accepted()).isEqualTo(t.size());
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            long archived = 0;
            long alerts = 0;
            while (System.nanoTime() < deadline && (archived < t.size() || alerts == 0)) {
                archived = count(es, "/auth0-logs-*/_count");
                alerts = count(es, "/auth0-alerts-*/_count?q=alert.rule:credential-stuffing");
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000_000L);
            }
            assertThat(archived).isEqualTo(t.size());
            assertThat(alerts).isPositive();
        } finally {
            compose.stop();
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static long count(String es, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(es + path))
                .header("Authorization", EmbeddedElasticsearch.basicAuth("elastic", ELASTIC_PASSWORD)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? new ObjectMapper().readTree(r.body()).path("count").asLong() : 0;
    }
}
