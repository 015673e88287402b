package io.authstream.archive;

import io.authstream.schemas.catalogue.EventCatalogue;
import io.authstream.schemas.config.Config;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.Map;

/**
 * A separate archive process for {@link ArchiveCrashIT}: started as a child JVM and killed with
 * SIGKILL, so no shutdown hook, no final commit and no consumer close runs.
 * Arguments: {@code key=value} configuration pairs.
 */
public final class ArchiveChild {
    private ArchiveChild() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> m = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            m.put(a.substring(0, eq), a.substring(eq + 1));
        }
        Archiver a = Archiver.start(ArchiveConfig.from(Config.of(m)), EventCatalogue.bundled(), new SimpleMeterRegistry());
        System.out.println("ARCHIVE-CHILD-STARTED");
        System.out.flush();
        a.awaitStopped(java.time.Duration.ofDays(1));
    }
}
