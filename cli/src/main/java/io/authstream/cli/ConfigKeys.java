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
    static final Map<String, String> MINIMAL = Map.ofEntries(
            Map.entry("kafka.bootstrap.servers", "localhost:9092"),
            Map.entry("ingest.streams.main.tenant", "acme"),
            Map.entry("ingest.streams.main.tokens", "token-at-least-16-chars"),
            Map.entry("archive.elasticsearch.url", "http://localhost:9200"),
            Map.entry("retention.elasticsearch.url", "http://localhost:9200"),
            Map.entry("notifier.destinations.main.type", "webhook"),
            Map.entry("notifier.destinations.main.url", "http://localhost:9999/alerts"),
            Map.entry("notifier.destinations.pd.type", "pagerduty"),
            Map.entry("notifier.destinations.pd.routing-key", "example-routing-key"),
            Map.entry("pull.domain", "example.eu.auth0.com"),
            Map.entry("pull.client-id", "example-client-id"),
            Map.entry("pull.client-secret", "example-client-secret"),
            Map.entry("pull.tenant", "acme"));

    private ConfigKeys() {
    }

    /** Defaults that depend on where the command runs are described, not printed. */
    private static String describe(String key, String dflt) {
        return switch (key) {
            case "retention.operator" -> "(the OS user name)";
            case "pull.audience" -> "https://<pull.domain>/api/v2/";
            default -> dflt;
        };
    }

    /** Two destinations of different types may default a key differently: list both, in a stable order. */
    private static String either(String a, String b) {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(java.util.Arrays.asList(a.split(" / ")));
        all.add(b);
        return String.join(" / ", all);
    }

    /** component → (key → default). */
    static Map<String, Map<String, String>> byComponent() {
        Map<String, Map<String, String>> out = new TreeMap<>();
        read(out, "ingest", IngestConfig::from);
        read(out, "analyzer", withOps(AnalyzerConfig::from, "analyzer"));
        read(out, "notifier", withOps(NotifierConfig::from, "notifier"));
        read(out, "archive", c -> {
            ArchiveConfig.from(c);
            OpsKeys.host(c, "archive");
        });
        read(out, "retention", withOps(RetentionConfig::from, "retention"));
        read(out, "kibana import", KibanaCommand.KibanaSettings::from);
        read(out, "pull", withOps(io.authstream.pull.PullConfig::from, "pull"));
        return out;
    }

    /** The component's own keys and its operations endpoint's ({@link OpsKeys}). */
    private static Consumer<Config> withOps(Consumer<Config> loader, String prefix) {
        return c -> {
            loader.accept(c);
            OpsKeys.address(c, prefix);
        };
    }

    private static void read(Map<String, Map<String, String>> out, String component, Consumer<Config> loader) {
        Config c = Config.of(MINIMAL);
        loader.accept(c);
        Map<String, String> keys = new TreeMap<>();
        c.keysRead().forEach((k, v) -> keys.merge(k.replace(".main.", ".<id>.").replace(".pd.", ".<id>."), describe(k, v), ConfigKeys::either));
        out.put(component, keys);
    }
}
