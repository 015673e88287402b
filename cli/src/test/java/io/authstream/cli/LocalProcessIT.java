package io.authstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs the packaged {@code authstream local} as a real child process: it must come up, stop on
 * SIGTERM within 10 s leaving no Elasticsearch behind, and a run killed with SIGKILL must have
 * its orphaned Elasticsearch stopped by the next start.
 */
class LocalProcessIT {
    private static final Pattern ES_PID = Pattern.compile("Elasticsearch\\s+: http\\S+ .*pid (\\d+)\\)");

    @Test
    void stopsEverythingOnSigtermAndSweepsUpAfterSigkill() throws Exception {
        Path data = Files.createTempDirectory(Path.of("/var/tmp"), "authstream-local-it-",
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x")));
        try {
            // Secrets given as a user would; none of them, nor the generated ones, may be printed.
            Path salt = Files.writeString(Files.createTempFile("salt", ""), SALT + "\n");
            Map<String, String> env = Map.of("AUTHSTREAM_RETENTION_ERASURE_SALT_FILE", salt.toString(),
                    "AUTHSTREAM_NOTIFIER_DESTINATIONS_OPS_TYPE", "slack",
                    "AUTHSTREAM_NOTIFIER_DESTINATIONS_OPS_URL", "https://hooks.slack.com/services/T0/B0/" + SLACK);

            // First run: killed hard, as by an OOM killer or kill -9; its Elasticsearch is orphaned.
            Started first = start(data, env);
            first.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertThat(ProcessHandle.of(first.esPid).map(ProcessHandle::isAlive)).contains(true);

            // Second run on the same data directory stops the orphan before starting its own.
            Started second = start(data, env);
            assertThat(ProcessHandle.of(first.esPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();

            long t0 = System.nanoTime();
            second.process.destroy(); // SIGTERM
            assertThat(second.process.waitFor(10, TimeUnit.SECONDS)).as("local exits within 10 s of SIGTERM").isTrue();
            assertThat(ProcessHandle.of(second.esPid).map(ProcessHandle::isAlive).orElse(false))
                    .as("no Elasticsearch left after SIGTERM").isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));

            Properties creds = new Properties();
            try (var in = Files.newInputStream(data.resolve("credentials.properties"))) {
                creds.load(in);
            }
            String output = first.output() + second.output();
            assertThat(output).as("nothing secret on stdout or in the logs").doesNotContain(SALT, SLACK,
                    creds.getProperty("webhook.token"), creds.getProperty("elastic.password"), creds.getProperty("erasure.salt"));
            assertThat(output).contains("Authorization token         : " + creds.getProperty("webhook.token").substring(0, 6) + "...")
                    .contains(data.resolve("credentials.properties").toString());
            assertThat(mode(data)).isIn("rwx------", "rwx--x--x");
            assertThat(mode(data.resolve("elasticsearch"))).isEqualTo("rwx------");
            assertThat(mode(data.resolve("kafka"))).isEqualTo("rwx------");
            assertThat(mode(data.resolve("credentials.properties"))).isEqualTo("rw-------");
            Files.delete(salt);
        } finally {
            io.authstream.embedded.FileTrees.deleteQuietly(data);
        }
    }

    private static final String SALT = "local-erasure-salt-SECRET-7001";
    private static final String SLACK = "local-slack-SECRET-7002";

    private static String mode(Path p) throws java.io.IOException {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    /** A started {@code local}; {@link #output()} is everything it wrote, complete once it has exited. */
    private record Started(Process process, long esPid, StringBuffer all, Thread reader) {
        String output() throws InterruptedException {
            reader.join(10_000);
            return all.toString();
        }
    }

    private static Started start(Path data, Map<String, String> env) throws Exception {
        Path jar = Path.of("target/authstream.jar").toAbsolutePath();
        assertThat(jar).exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx512m", "-jar", jar.toString(), "local",
                "--data-dir", data.toString(), "--kafka-port", "0", "--es-port", "0", "--http-port", "0", "--free-ops-ports"))
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        StringBuffer all = new StringBuffer();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    lines.add(l);
                    all.append(l).append('\n');
                }
            } catch (java.io.IOException ignored) {
                // the process went away
            }
        }, "local-output");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        StringBuilder seen = new StringBuilder();
        while (System.nanoTime() < deadline) {
            String l = lines.poll(1, TimeUnit.SECONDS);
            if (l == null) {
                if (!p.isAlive()) {
                    break;
                }
                continue;
            }
            seen.append(l).append('\n');
            Matcher m = ES_PID.matcher(l);
            if (m.find()) {
                return new Started(p, Long.parseLong(m.group(1)), all, reader);
            }
        }
        p.destroyForcibly();
        throw new AssertionError("authstream local did not report ready:\n" + seen);
    }
}
