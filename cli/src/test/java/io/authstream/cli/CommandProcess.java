package io.authstream.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One command of the packaged {@code target/authstream.jar} as a real process (its own JVM), with
 * everything it writes (stdout and stderr) collected for the test to read and search.
 */
final class CommandProcess implements AutoCloseable {
    static final Path JAR = Path.of("target/authstream.jar").toAbsolutePath();
    private final Process process;
    private final StringBuffer out = new StringBuffer();
    private final Thread reader;

    private CommandProcess(Process process) {
        this.process = process;
        this.reader = new Thread(() -> {
            try (InputStream in = process.getInputStream()) {
                byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException ignored) {
                // the process went away
            }
        }, "command-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code java -Xmx256m -jar authstream.jar args…} in {@code dir} with {@code env} added. */
    static CommandProcess start(Path dir, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(dir.toFile());
        pb.environment().putAll(env);
        return new CommandProcess(pb.start());
    }

    Process process() {
        return process;
    }

    /** Everything written so far (complete once the process has exited and {@link #stop} returned). */
    String output() {
        return out.toString();
    }

    /** Waits until the output contains {@code text}, the process exits, or {@code max} passes; true if seen. */
    boolean awaitOutput(String text, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (out.indexOf(text) >= 0) {
                return true;
            }
            process.waitFor(200, TimeUnit.MILLISECONDS);
        }
        return out.indexOf(text) >= 0;
    }

    /** SIGKILL, as an OOM killer or {@code kill -9} does: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        reader.join(10_000);
    }

    /** SIGTERM, then SIGKILL after {@code grace}; returns the exit code. */
    int stop(Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(10_000);
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
