package io.authstream.analyzer;

import io.authstream.schemas.config.Config;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A separate analyzer process for {@link AnalyzerHardeningIT}: started as a child JVM and killed
 * with SIGKILL (no close, no leave-group, its transaction left open). Arguments: {@code key=value}.
 */
public final class AnalyzerChild {
    private AnalyzerChild() {
    }

    /** Starts a child analyzer with {@code settings}, its output to {@code log}; does not wait for it. */
    public static Process spawn(Map<String, String> settings, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), AnalyzerChild.class.getName()));
        settings.forEach((k, v) -> cmd.add(k + "=" + v));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Whether the child writing {@code log} has started (its topics exist). */
    public static boolean started(Path log) {
        try {
            return Files.exists(log) && Files.readString(log).contains("ANALYZER-CHILD-STARTED");
        } catch (IOException e) {
            return false;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> m = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            m.put(a.substring(0, eq), a.substring(eq + 1));
        }
        Analyzer a = Analyzer.start(AnalyzerConfig.from(Config.of(m)), new SimpleMeterRegistry());
        System.out.println("ANALYZER-CHILD-STARTED");
        System.out.flush();
        a.failed().get();
    }
}
