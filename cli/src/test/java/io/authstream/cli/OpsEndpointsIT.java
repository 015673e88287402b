package io.authstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authstream.embedded.EmbeddedElasticsearch;
import io.authstream.embedded.EmbeddedKafka;
import io.authstream.embedded.emulator.ManagementApiEmulator;
import io.authstream.embedded.junit.EmbeddedStack;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Each long-running command, started on its own (in this JVM, as {@code authstream <command>}
 * runs it) against the real embedded Kafka and Elasticsearch, serves the shared operations
 * endpoint: the three health answers in one JSON shape and Prometheus metrics with
 * {@code authstream_build_info} and JVM metrics (docs/operations.md).
 */
@EmbeddedStack
class OpsEndpointsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> STATES = Set.of("up", "down", "starting");
    private static final Duration READY_WITHIN = Duration.ofSeconds(90);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Thread> commands = new ArrayList<>();
    private final List<StringWriter> outputs = new ArrayList<>();
    private final String prefix = "ops-it-" + UUID.randomUUID().toString().substring(0, 8) + "-";

    @TempDir
    Path dir;

    @AfterEach
    void stopCommands() throws InterruptedException {
        for (Thread t : commands) {
            t.interrupt(); // the commands close what they started when interrupted (UntilStopped)
            t.join(Duration.ofSeconds(40).toMillis());
        }
    }

    @Test
    void analyzeServesItsOwnEndpointReadyOnceKafkaStreamsRuns(EmbeddedKafka kafka) throws Exception {
        int port = freePort();
        start(Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(), "topics.prefix", prefix,
                "analyzer.application-id", prefix + "analyzer", "analyzer.state-dir", dir.resolve("state").toString(),
                "analyzer.ops.port", String.valueOf(port)), "analyze");
        JsonNode ready = awaitReady(port);
        assertThat(ready.path("checks").path("streams").path("state").asText()).isEqualTo("up");
        assertServesEveryProbeAndMetrics(port, "analyzer");
    }

    @Test
    void notifyServesItsOwnEndpointWithKafkaTheDeliveryStateAndEachDestination(EmbeddedKafka kafka) throws Exception {
        int port = freePort();
        start(Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(), "topics.prefix", prefix,
                "notifier.group-id", prefix + "notifier", "notifier.destinations.screen.type", "console",
                "notifier.ops.port", String.valueOf(port)), "notify");
        JsonNode ready = awaitReady(port);
        assertThat(checkNames(ready)).contains("kafka", "delivery-state", "destination:screen");
        assertServesEveryProbeAndMetrics(port, "notifier");
    }

    @Test
    void archiveServesTheSharedShapeOnItsOwnEndpoint(EmbeddedKafka kafka, EmbeddedElasticsearch es) throws Exception {
        int port = freePort();
        start(Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(), "topics.prefix", prefix,
                "archive.group-id", prefix + "archive", "archive.elasticsearch.url", es.httpUrl(),
                "archive.index-prefix", prefix, "archive.ops.port", String.valueOf(port)), "archive");
        JsonNode ready = awaitReady(port);
        assertThat(checkNames(ready)).contains("kafka", "elasticsearch", "delivery");
        assertServesEveryProbeAndMetrics(port, "archive");
    }

    @Test
    void retentionRunServesItsOwnEndpointWithTheLastRunAsACheck(EmbeddedElasticsearch es) throws Exception {
        int port = freePort();
        start(Map.of("retention.elasticsearch.url", es.httpUrl(), "retention.index-prefix", prefix, "retention.operator", "ops-it",
                "retention.ops.port", String.valueOf(port)), "retention", "run", "--every", "1h");
        JsonNode ready = awaitReady(port);
        assertThat(ready.path("checks").path("elasticsearch").path("state").asText()).isEqualTo("up");
        assertThat(ready.path("checks").path("last-run").path("required").asBoolean(true)).isFalse();
        assertServesEveryProbeAndMetrics(port, "retention");
    }

    @Test
    void retentionRunIsLiveButNotReadyAndNamesElasticsearchWhenItCannotReachIt() throws Exception {
        int port = freePort();
        start(Map.of("retention.elasticsearch.url", "http://127.0.0.1:" + freePort(), "retention.operator", "ops-it",
                "retention.ops.port", String.valueOf(port)), "retention", "run", "--every", "1h");
        HttpResponse<String> ready = awaitAnswer(port, "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        JsonNode body = JSON.readTree(ready.body());
        assertThat(body.path("status").asText()).isEqualTo("not-ready");
        assertThat(body.path("checks").path("elasticsearch").path("state").asText()).isEqualTo("down");
        assertThat(body.path("checks").path("elasticsearch").path("reason").asText()).isNotBlank();
        assertThat(get(port, "/health/live").statusCode()).isEqualTo(200);
        assertThat(get(port, "/health/startup").statusCode()).as("never started: Elasticsearch was never up").isEqualTo(503);
    }

    @Test
    void pullServesItsOwnEndpointReadyOnceTheManagementApiAnswers(EmbeddedKafka kafka) throws Exception {
        try (ManagementApiEmulator auth0 = ManagementApiEmulator.start("ops-it-client", "ops-it-secret-0123456789", Duration.ofHours(1), 0,
                Clock.systemUTC())) {
            int port = freePort();
            start(Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(), "topics.prefix", prefix,
                    "pull.domain", auth0.baseUri().toString(), "pull.client-id", "ops-it-client",
                    "pull.client-secret", "ops-it-secret-0123456789", "pull.tenant", "acme", "pull.interval", "1s",
                    "pull.ops.port", String.valueOf(port)), "pull");
            JsonNode ready = awaitReady(port);
            assertThat(ready.path("checks").path("management-api").path("state").asText()).isEqualTo("up");
            assertThat(ready.path("checks").path("kafka").path("state").asText()).isEqualTo("up");
            assertServesEveryProbeAndMetrics(port, "pull");
            assertThat(ready.toString()).doesNotContain("ops-it-secret");
        }
    }

    /** Runs {@code authstream <args> --config <file with values>} on a thread of its own, as the command line does. */
    private void start(Map<String, String> values, String... args) throws IOException {
        Path config = dir.resolve(args[0] + "-" + commands.size() + ".properties");
        Files.writeString(config, values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n")));
        List<String> argv = new ArrayList<>(List.of(args));
        argv.add("--config");
        argv.add(config.toString());
        StringWriter out = new StringWriter();
        outputs.add(out);
        Thread t = new Thread(() -> {
            CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(out, true));
            int rc = cl.execute(argv.toArray(String[]::new));
            out.append("\n(exit ").append(String.valueOf(rc)).append(")");
        }, "ops-it-" + args[0]);
        t.setDaemon(true);
        t.start();
        commands.add(t);
    }

    private void assertServesEveryProbeAndMetrics(int port, String component) throws Exception {
        for (String path : List.of("/health/live", "/health/ready", "/health/startup")) {
            HttpResponse<String> r = get(port, path);
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
            JsonNode n = JSON.readTree(r.body());
            assertThat(n.path("component").asText()).as(path).isEqualTo(component);
            assertThat(n.path("status").asText()).as(path).isIn("live", "ready", "started");
            assertThat(n.path("checks").isObject()).as(path).isTrue();
            n.path("checks").forEach(c -> assertThat(c.path("state").asText()).as(r.body()).isIn(STATES));
        }
        HttpResponse<String> metrics = get(port, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("authstream_build_info{component=\"" + component + "\"")
                .contains("jvm_memory_used_bytes").contains("process_uptime_seconds");
        assertThat(get(port, "/nope").statusCode()).isEqualTo(404);
    }

    private JsonNode awaitReady(int port) throws Exception {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = get(port, "/health/ready");
                if (r.statusCode() == 200) {
                    return JSON.readTree(r.body());
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not ready within " + READY_WITHIN + ": " + last + "\ncommand output: " + outputs);
    }

    /** The first answer on {@code path}, once the endpoint listens. */
    private HttpResponse<String> awaitAnswer(int port, String path) throws Exception {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try {
                return get(port, path);
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the endpoint never answered", last);
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> checkNames(JsonNode answer) {
        List<String> names = new ArrayList<>();
        answer.path("checks").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
