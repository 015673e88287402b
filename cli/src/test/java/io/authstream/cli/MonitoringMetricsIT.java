package io.authstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every metric the Grafana dashboard and the Prometheus alert rules use is one the running
 * components really export: {@code authstream local} (the packaged jar, as a child process, so that
 * it stops cleanly) gets a few events that create the lazily registered meters — logins, a signup,
 * an MFA failure, a rate-limit hit that fires an alert, deliveries to one destination that accepts,
 * one that refuses (400) and one that is down (503) — and then every {@code /metrics} endpoint it exposes is scraped
 * until all the names are there or the deadline passes.
 */
class MonitoringMetricsIT {
    /**
     * The metrics endpoints of the running stack, read from what {@code local} prints at start-up.
     * This is the one place that says where to scrape: point it at other endpoints here.
     */
    static List<URI> scrapeTargets(String startupOutput) {
        // the banner lists one operations endpoint per component under "Health and metrics"
        Matcher m = Pattern.compile("(?m)^ {4}[a-z]+ +: (http://127\\.0\\.0\\.1:\\d+)$").matcher(startupOutput);
        List<URI> out = new ArrayList<>();
        while (m.find()) {
            out.add(URI.create(m.group(1) + "/metrics"));
        }
        return out.stream().distinct().toList();
    }

    /** Endpoints {@link #scrapeTargets} must find: ingest, archive, analyzer, notifier, retention. */
    private static final int MIN_TARGETS = 5;
    /** Names the expressions may use that no authstream endpoint exports. */
    private static final Set<String> NOT_EXPORTED_BY_US = Set.of();
    private static final Pattern WEBHOOK = Pattern.compile("Webhook \\(Auth0 Payload URL\\)\\s*:\\s*(\\S+)");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyMetricTheDashboardAndTheRulesUseIsExported() throws Exception {
        Set<String> used = MonitoringFiles.metricNamesUsed();
        assertThat(used).hasSizeGreaterThan(20);
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/accept", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.createContext("/refuse", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(400, -1);
            ex.close();
        });
        receiver.createContext("/down", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(503, -1);
            ex.close();
        });
        receiver.start();
        Path data = Files.createTempDirectory(Path.of("/var/tmp"), "authstream-metrics-it-",
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x")));
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        Path config = Files.writeString(data.resolve("monitoring-it.yml"), String.join("\n",
                "notifier:",
                "  destinations:",
                "    accepting:",
                "      type: webhook",
                "      url: " + base + "/accept",
                "      min-severity: info",
                "    refusing:",
                "      type: webhook",
                "      url: " + base + "/refuse",
                "      min-severity: info",
                "    down:",
                "      type: webhook",
                "      url: " + base + "/down",
                "      min-severity: info",
                ""));
        Process p = null;
        StringBuffer output = new StringBuffer();
        try {
            p = startLocal(data, config, output);
            String banner = awaitLine(p, output, "Press Ctrl-C to stop.", Duration.ofSeconds(180));
            List<URI> targets = scrapeTargets(banner);
            assertThat(targets).as("metrics endpoints in:\n" + banner).hasSizeGreaterThanOrEqualTo(MIN_TARGETS);
            Matcher w = WEBHOOK.matcher(banner);
            assertThat(w.find()).isTrue();
            postEvents(URI.create(w.group(1)), webhookToken(data));

            Set<String> missing = new TreeSet<>(used);
            missing.removeAll(NOT_EXPORTED_BY_US);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            Set<String> exported = Set.of();
            while (System.nanoTime() < deadline) {
                exported = scrape(targets);
                missing.removeAll(exported);
                if (missing.isEmpty()) {
                    break;
                }
                TimeUnit.SECONDS.sleep(2); // polling the endpoints until the deadline
            }
            assertThat(missing).as("metrics the dashboard or the rules use that no endpoint exports (exported: %s)",
                    exported).isEmpty();
        } finally {
            if (p != null) {
                p.destroy();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            receiver.stop(0);
        }
    }

    /** Sample names and metric family names of every endpoint. */
    private Set<String> scrape(List<URI> targets) throws Exception {
        Set<String> names = new TreeSet<>();
        for (URI t : targets) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(t).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(t.toString()).isEqualTo(200);
            for (String line : r.body().split("\n")) {
                if (line.startsWith("# TYPE ")) {
                    names.add(line.split(" ")[2]);
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.split("[{ ]", 2)[0]);
                }
            }
        }
        return names;
    }

    private void postEvents(URI webhook, String token) throws Exception {
        Instant now = Instant.now();
        List<String> events = List.of(
                event("s", now, "web"), event("f", now, "web"), event("ss", now, "web"),
                event("gd_auth_failed", now, "web"), event("gd_start_auth", now, "web"),
                event("api_limit", now, "m2m"));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(webhook).header("Authorization", token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", events))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static int seq;

    private static String event(String type, Instant at, String client) {
        String id = "9005" + String.format("%016d", at.toEpochMilli() * 10 + ++seq);
        return "{\"log_id\":\"" + id + "\",\"data\":{\"log_id\":\"" + id + "\",\"date\":\"" + at + "\",\"type\":\"" + type
                + "\",\"client_id\":\"" + client + "\",\"client_name\":\"" + client + "\",\"ip\":\"198.51.100.7\","
                + "\"user_name\":\"alice@example.com\",\"details\":{\"request\":{\"method\":\"GET\",\"path\":\"/api/v2/users\"}}}}";
    }

    private static String webhookToken(Path data) throws Exception {
        Properties creds = new Properties();
        try (var in = Files.newInputStream(data.resolve("credentials.properties"))) {
            creds.load(in);
        }
        return creds.getProperty("webhook.token");
    }

    private static Process startLocal(Path data, Path config, StringBuffer output) throws Exception {
        Path jar = Path.of("target/authstream.jar").toAbsolutePath();
        assertThat(jar).exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xmx512m", "-jar", jar.toString(), "local", "--config", config.toString(),
                "--data-dir", data.toString(), "--kafka-port", "0", "--es-port", "0", "--http-port", "0", "--free-ops-ports"))
                .redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    output.append(l).append('\n');
                }
            } catch (java.io.IOException ignored) {
                // the process went away
            }
        }, "local-output");
        reader.setDaemon(true);
        reader.start();
        return p;
    }

    /** Everything printed up to {@code line}, polled until the deadline. */
    private static String awaitLine(Process p, StringBuffer output, String line, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String all = output.toString();
            int i = all.indexOf(line);
            if (i >= 0) {
                return all.substring(0, i);
            }
            if (!p.isAlive()) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new AssertionError("authstream local did not print '" + line + "':\n" + output);
    }
}
