package io.authstream.analyzer.notify;

import io.authstream.schemas.config.Config;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A notifier in its own JVM for {@link NotifierIT} (started with the test class path, killed with
 * {@code kill -9}): settings from the properties file named by the first argument; exits 70 when
 * the notifier fails, as a command must.
 */
public final class NotifierProcess {
    private NotifierProcess() {
    }

    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(args[0]))) {
            p.load(r);
        }
        Map<String, String> m = new HashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        Notifier n = Notifier.builder(NotifierConfig.from(Config.of(m)), new SimpleMeterRegistry())
                .onFatal(e -> Runtime.getRuntime().halt(70)).start();
        System.out.println("notifier started");
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(n::close));
        Thread.currentThread().join(); // until killed
    }
}
