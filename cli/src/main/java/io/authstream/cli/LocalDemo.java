package io.authstream.cli;

import io.authstream.embedded.EmbeddedElasticsearch;
import io.authstream.embedded.emulator.ContentFormat;
import io.authstream.embedded.emulator.LogStreamEmulator;
import io.authstream.embedded.emulator.ReplaySummary;
import io.authstream.embedded.emulator.Scenario;
import io.authstream.embedded.emulator.ScenarioGenerator;
import io.authstream.embedded.emulator.Traffic;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code local --demo}: replays 30 minutes of realistic traffic with a credential-stuffing attack,
 * an {@code api_limit} storm and a burst of Management API failures through the real webhook,
 * waits until the archive holds every event, and prints queries to try.
 */
final class LocalDemo {
    private static final Pattern COUNT = Pattern.compile("\"count\"\\s*:\\s*(\\d+)");
    private final LocalStack stack;
    private final PrintWriter out;
    private final HttpClient http = HttpClient.newHttpClient();

    LocalDemo(LocalStack stack, PrintWriter out) {
        this.stack = stack;
        this.out = out;
    }

    void run() throws Exception {
        Instant end = Instant.now();
        Traffic traffic = new ScenarioGenerator(20261127L, "local").generate(Scenario.MIXED,
                end.minus(Duration.ofMinutes(30)), Duration.ofMinutes(30), 100);
        out.println();
        out.println("demo: replaying " + traffic.size() + " events (30 minutes of traffic with credential stuffing from "
                + traffic.facts().get("credential-stuffing.ip") + ", an api_limit storm and a burst of fapi) ...");
        out.flush();
        LogStreamEmulator.Options o = LogStreamEmulator.Options.defaults(URI.create(stack.webhookUrl()),
                stack.credentials().webhookToken()).withFormat(ContentFormat.JSONLINES).withBatchSize(100);
        ReplaySummary s = new LogStreamEmulator(o).replay(traffic.events(), p -> { });
        out.println("demo: " + s.render());
        out.flush();
        long archived = waitForArchive(traffic.size(), Duration.ofSeconds(90));
        out.println("demo: " + archived + " of " + traffic.size() + " events are in the archive");
        out.flush();
        for (String rule : EXPECTED_RULES) {
            boolean seen = waitForAlert(rule, Duration.ofSeconds(60));
            out.println("demo: " + (seen ? "alerted: " : "NO ALERT for ") + rule);
            out.flush();
        }
        printQueries(traffic);
    }

    /** The rules the demo traffic must trigger. */
    static final java.util.List<String> EXPECTED_RULES = java.util.List.of("credential-stuffing", "rate-limit",
            "management-api-failures");

    private boolean waitForAlert(String rule, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (count("/auth0-alerts-*/_count?q=alert.rule:" + rule) > 0) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    private long waitForArchive(long expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long n = 0;
        while (System.nanoTime() < deadline) {
            n = count("/auth0-logs-*/_count");
            if (n >= expected) {
                return n;
            }
            Thread.sleep(500);
        }
        return n;
    }

    private long count(String path) throws Exception {
        EmbeddedElasticsearch es = stack.es();
        HttpRequest r = HttpRequest.newBuilder(URI.create(es.httpUrl() + path))
                .header("Authorization", EmbeddedElasticsearch.basicAuth("elastic", stack.credentials().elasticPassword()))
                .GET().build();
        HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
        Matcher m = COUNT.matcher(resp.body());
        return resp.statusCode() == 200 && m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private void printQueries(Traffic traffic) {
        // The password is read from credentials.properties by the shell, so it is never on the screen.
        String base = "curl -s -u \"elastic:" + LocalStack.shellRead(LocalCredentials.file(stack.dataDir()), "elastic.password")
                + "\" -H 'Content-Type: application/json' " + stack.es().httpUrl();
        String ip = traffic.facts().get("credential-stuffing.ip");
        out.println();
        out.println("Try these against the archive:");
        out.println("  # failed logins by source IP, last hour");
        out.println("  " + base + "/auth0-logs-*/_search?size=0 -d '{\"query\":{\"bool\":{\"filter\":[{\"term\":{\"event.outcome\":\"failure\"}},"
                + "{\"terms\":{\"event.code\":[\"f\",\"fp\",\"fu\"]}},{\"range\":{\"@timestamp\":{\"gte\":\"now-1h\"}}}]}},"
                + "\"aggs\":{\"by_ip\":{\"terms\":{\"field\":\"source.ip\",\"size\":5}}}}'");
        out.println("  # everything the attacker's IP did");
        out.println("  " + base + "/auth0-logs-*/_search -d '{\"query\":{\"term\":{\"source.ip\":\"" + ip + "\"}},\"sort\":[{\"@timestamp\":\"asc\"}]}'");
        out.println("  # rate-limit events");
        out.println("  " + base + "/auth0-logs-*/_search -d '{\"query\":{\"term\":{\"authstream.category\":\"rate-limit\"}}}'");
        out.println("  # the alerts");
        out.println("  " + base + "/auth0-alerts-*/_search -d '{\"sort\":[{\"@timestamp\":\"desc\"}]}'");
        out.println("  # the retention plan for this archive");
        out.println("  ./authstream retention plan   (with AUTHSTREAM_RETENTION_ELASTICSEARCH_URL/_USERNAME/_PASSWORD set as above)");
        out.flush();
    }
}
