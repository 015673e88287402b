package io.authstream.cli;

import io.authstream.analyzer.AnalyzerConfig;
import io.authstream.analyzer.notify.NotifierConfig;
import io.authstream.archive.ArchiveConfig;
import io.authstream.ingest.IngestConfig;
import io.authstream.retention.RetentionConfig;
import io.authstream.schemas.config.Config;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The configuration reference, taken from the code itself: each component's configuration is
 * loaded from a fresh {@link Config} and every key it reads is listed with its default. The docs
 * test compares this with {@code docs/configuration.md}, so code and docs cannot drift.
 */
final class ConfigKeys {
    /** The least each component needs to load; these keys are listed like any other. */
    static final Map<String, String> MINIMAL = Map.of(
            "kafka.bootstrap.servers", "localhost:9092",
            "ingest.streams.main.tenant", "acme",
            "ingest.streams.main.tokens", "token-at-least-16-chars",
            "archive.elasticsearch.url", "http://localhost:9200",
            "retention.elasticsearch.url", "http://localhost:9200",
            "notifier.destinations.main.type", "webhook",
            "notifier.destinations.main.url", "http://localhost:9999/alerts");

    private ConfigKeys() {
    }

    /** component → (key → default). */
    static Map<String, Map<String, String>> byComponent() {
        Map<String, Map<String, String>> out = new TreeMap<>();
        read(out, "ingest", IngestConfig::from);
        read(out, "analyzer", AnalyzerConfig::from);
        read(out, "notifier", NotifierConfig::from);
        read(out, "archive", ArchiveConfig::from);
        read(out, "retention", RetentionConfig::from);
        return out;
    }

    private static void read(Map<String, Map<String, String>> out, String component, Consumer<Config> loader) {
        Config c = Config.of(MINIMAL);
        loader.accept(c);
        Map<String, String> keys = new TreeMap<>();
        c.keysRead().forEach((k, v) -> keys.put(k.replace(".main.", ".<id>."), v));
        out.put(component, keys);
    }
}
