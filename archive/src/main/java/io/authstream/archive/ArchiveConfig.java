package io.authstream.archive;

import io.authstream.enrich.EnrichConfig;
import io.authstream.schemas.config.Config;
import io.authstream.schemas.config.ConfigException;
import io.authstream.schemas.config.Masking;
import io.authstream.schemas.config.Secret;
import io.authstream.schemas.index.IndexLayout;
import io.authstream.schemas.topic.Topics;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the archive needs, validated when loaded. Secrets are {@link Secret}s, so
 * {@link #toString()} is safe to log.
 *
 * @param elasticsearchUrl  {@code archive.elasticsearch.url}, e.g. {@code https://es.internal:9200}
 * @param username          {@code archive.elasticsearch.username} (basic auth, with {@code .password})
 * @param password          {@code archive.elasticsearch.password}
 * @param apiKey            {@code archive.elasticsearch.api-key}: the encoded API key; wins over basic auth
 * @param caFile            {@code archive.elasticsearch.ca-file}: PEM CA certificate(s) to trust for https
 * @param layout            index names ({@code archive.index-prefix}, default {@code auth0-})
 * @param topics            topic names ({@code topics.prefix})
 * @param maxActions        {@code archive.bulk.max-actions}: documents per bulk request
 * @param maxBytes          {@code archive.bulk.max-bytes}: body bytes per bulk request
 * @param flushInterval     {@code archive.bulk.flush-interval}: a partial batch is sent after this long
 * @param concurrency       {@code archive.bulk.concurrency}: bulk requests in flight at once
 * @param requestTimeout    {@code archive.elasticsearch.request-timeout}: one bulk attempt; a timeout is retried
 * @param maxBackoff        {@code archive.retry.max-backoff}: the ceiling of the exponential retry delay
 * @param itemBudget        {@code archive.retry.item-budget}: how long one document is retried after a failure
 *                          that may never heal (write-blocked or closed index, 401/403) before it is dead-lettered
 * @param notReadyAfter     {@code archive.retry.not-ready-after}: readiness turns false while a bulk or dead letter
 *                          has kept failing for longer than this
 * @param groupId           {@code archive.group-id}: the Kafka consumer group
 * @param archiveAlerts     {@code archive.alerts.enabled}: also archive {@code auth0-alerts}
 * @param opsPort           {@code archive.ops.port}: /health and /metrics; -1 disables, 0 picks a free port
 * @param catalogueOverride {@code catalogue.override-file}
 * @param kafka             every {@code kafka.*} key, passed to the clients as is
 * @param enrich            GeoIP, ASN and user-agent enrichment ({@code enrich.*})
 */
public record ArchiveConfig(URI elasticsearchUrl, Optional<String> username, Optional<Secret> password,
                            Optional<Secret> apiKey, Optional<Path> caFile, IndexLayout layout, Topics topics,
                            int maxActions, long maxBytes, Duration flushInterval, int concurrency,
                            Duration requestTimeout, Duration maxBackoff, Duration itemBudget, Duration notReadyAfter,
                            String groupId, boolean archiveAlerts,
                            int opsPort, Optional<Path> catalogueOverride, Map<String, String> kafka, EnrichConfig enrich) {

    public ArchiveConfig {
        kafka = Map.copyOf(kafka);
        if (username.isPresent() != password.isPresent()) {
            throw new ConfigException("archive.elasticsearch.username and archive.elasticsearch.password must be set together.");
        }
        if (!kafka.containsKey("bootstrap.servers")) {
            throw new ConfigException("kafka.bootstrap.servers is required (the Kafka cluster to archive from).");
        }
    }

    public static ArchiveConfig from(Config c) {
        String url = c.string("archive.elasticsearch.url", "http://127.0.0.1:9200");
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("archive.elasticsearch.url must be a URL such as https://es:9200, was '" + Masking.inValue(url) + "'.");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new ConfigException("archive.elasticsearch.url must be an http or https URL with a host, was '" + Masking.inValue(url) + "'.");
        }
        Optional<Path> ca = c.get("archive.elasticsearch.ca-file").filter(s -> !s.isEmpty()).map(Path::of);
        ca.ifPresent(p -> {
            if (!Files.isReadable(p)) {
                throw new ConfigException("archive.elasticsearch.ca-file " + p + " does not exist or is not readable.");
            }
        });
        String prefix = c.string("archive.index-prefix", "auth0-");
        IndexLayout layout;
        try {
            layout = new IndexLayout(prefix, Map.of());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("archive.index-prefix: " + e.getMessage() + ".");
        }
        long maxBytes = c.positiveLong("archive.bulk.max-bytes", 8L * 1024 * 1024);
        int concurrency = c.positiveInt("archive.bulk.concurrency", 2);
        int opsPort = c.integer("archive.ops.port", 9402);
        if (opsPort < -1 || opsPort > 65535) {
            throw new ConfigException("archive.ops.port must be a port number, 0 (free port) or -1 (off), was " + opsPort + ".");
        }
        Map<String, String> kafka = new java.util.TreeMap<>(c.passThrough("kafka"));
        return new ArchiveConfig(uri, c.get("archive.elasticsearch.username").filter(s -> !s.isEmpty()),
                c.secret("archive.elasticsearch.password"), c.secret("archive.elasticsearch.api-key"), ca, layout,
                new Topics(c.string("topics.prefix", ""), c.positiveInt("topics.partitions", 3)),
                c.positiveInt("archive.bulk.max-actions", 5000), maxBytes,
                c.positiveDuration("archive.bulk.flush-interval", Duration.ofMillis(500)), concurrency,
                c.positiveDuration("archive.elasticsearch.request-timeout", Duration.ofSeconds(60)),
                c.positiveDuration("archive.retry.max-backoff", Duration.ofSeconds(30)),
                c.positiveDuration("archive.retry.item-budget", Duration.ofMinutes(10)),
                c.positiveDuration("archive.retry.not-ready-after", Duration.ofMinutes(2)),
                c.string("archive.group-id", "authstream-archive"), c.bool("archive.alerts.enabled", true), opsPort,
                c.get("catalogue.override-file").filter(s -> !s.isEmpty()).map(Path::of), kafka, EnrichConfig.from(c));
    }

    /** A copy with other Kafka client settings (tests, embedded wiring). */
    public ArchiveConfig withKafka(Map<String, String> more) {
        Map<String, String> k = new java.util.HashMap<>(kafka);
        k.putAll(more);
        return new ArchiveConfig(elasticsearchUrl, username, password, apiKey, caFile, layout, topics, maxActions, maxBytes,
                flushInterval, concurrency, requestTimeout, maxBackoff, itemBudget, notReadyAfter, groupId, archiveAlerts, opsPort, catalogueOverride, k, enrich);
    }

    @Override
    public String toString() {
        Map<String, String> maskedKafka = Masking.map("kafka", kafka);
        return "ArchiveConfig[elasticsearch=" + Masking.inValue(String.valueOf(elasticsearchUrl)) + ", username=" + username.orElse("-")
                + ", password=" + password.map(Secret::toString).orElse("-") + ", apiKey=" + apiKey.map(Secret::toString).orElse("-")
                + ", caFile=" + caFile.map(Path::toString).orElse("-") + ", indexPrefix=" + layout.prefix()
                + ", topics=" + topics.events().name() + "," + topics.alerts().name() + ", bulk=" + maxActions + " docs/"
                + maxBytes + " bytes/" + flushInterval.toMillis() + " ms x" + concurrency + ", itemBudget=" + itemBudget
                + ", notReadyAfter=" + notReadyAfter + ", groupId=" + groupId
                + ", alerts=" + archiveAlerts + ", opsPort=" + opsPort + ", kafka=" + maskedKafka + "]";
    }
}
