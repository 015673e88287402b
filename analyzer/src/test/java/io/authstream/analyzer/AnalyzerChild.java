package io.authstream.analyzer;

import io.authstream.schemas.config.Config;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.Map;

/**
 * A separate analyzer process for {@link AnalyzerHardeningIT}: started as a child JVM and killed
 * with SIGKILL (no close, no leave-group, its transaction left open). Arguments: {@code key=value}.
 */
public final class AnalyzerChild {
    private AnalyzerChild() {
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
