package io.authstream.retention;

import io.authstream.schemas.config.Config;
import io.authstream.schemas.config.ConfigException;
import io.authstream.schemas.config.Masking;
import io.authstream.schemas.config.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Configuration of the retention job (keys {@code retention.*}). Secrets are {@link Secret}s, so
 * {@code toString()} can be logged.
 *
 * @param elasticsearchUrl {@code retention.elasticsearch.url}, e.g. {@code https://es:9200}
 * @param username         {@code retention.elasticsearch.username} (with {@code .password}); or
 * @param apiKey           {@code retention.elasticsearch.api-key} (encoded form, as Elasticsearch returns it)
 * @param caFile           {@code retention.elasticsearch.ca-file}: PEM CA certificate(s) to trust for https
 * @param indexPrefix      {@code retention.index-prefix}, the archive's prefix ({@code auth0-})
 * @param policyFile       {@code retention.policy-file}; absent: the built-in policy
 * @param operator         {@code retention.operator}: who is recorded in the audit trail
 * @param erasureSalt      {@code retention.erasure-salt}: key of the salted hash that stands for an erased person
 * @param lockTtl          {@code retention.lock-ttl}: a crashed run's lock is taken over after this
 * @param lockWait         {@code retention.lock-wait}: how long hold changes and erasures wait for a running apply
 * @param batchSize        {@code retention.batch-size}: documents per search page and bulk request
 * @param pitKeepAlive     {@code retention.pit-keep-alive}: point-in-time keep-alive between pages
 * @param reportPeriod     {@code retention.report-period}: deletions counted in reports cover this period
 * @param maxClockSkew     {@code retention.max-clock-skew}: refuse to act when this host's clock and
 *                         Elasticsearch's differ by more
 */
public record RetentionConfig(String elasticsearchUrl, Optional<String> username, Optional<Secret> password,
                              Optional<Secret> apiKey, Optional<Path> caFile, String indexPrefix, Optional<Path> policyFile,
                              String operator, Optional<Secret> erasureSalt, Duration lockTtl, Duration lockWait,
                              int batchSize, Duration pitKeepAlive, Duration reportPeriod, Duration maxClockSkew) {

    public RetentionConfig {
        if (!elasticsearchUrl.matches("https?://[^\\s/]+(:\\d+)?/?")) {
            throw new ConfigException("retention.elasticsearch.url must look like http://host:9200 or https://host:9200, was '"
                    + Masking.inValue(elasticsearchUrl) + "'.");
        }
        if (password.isPresent() && username.isEmpty()) {
            throw new ConfigException("retention.elasticsearch.password is set but retention.elasticsearch.username is not.");
        }
        if (username.isPresent() && password.isEmpty()) {
            throw new ConfigException("retention.elasticsearch.username is set but retention.elasticsearch.password is not.");
        }
        if (username.isPresent() && apiKey.isPresent()) {
            throw new ConfigException("Set either retention.elasticsearch.username/password or retention.elasticsearch.api-key, not both.");
        }
        if (caFile.isPresent() && !Files.isReadable(caFile.get())) {
            throw new ConfigException("retention.elasticsearch.ca-file " + caFile.get() + " is not a readable file.");
        }
        if (!indexPrefix.matches("[a-z0-9][a-z0-9_.-]*")) {
            throw new ConfigException("retention.index-prefix must be lower-case letters, digits, '-', '_' or '.', was '" + indexPrefix + "'.");
        }
        if (policyFile.isPresent() && !Files.isRegularFile(policyFile.get())) {
            throw new ConfigException("retention.policy-file " + policyFile.get() + " does not exist.");
        }
        if (operator.isBlank()) {
            throw new ConfigException("retention.operator must not be empty: the audit trail records who acted.");
        }
        if (erasureSalt.isPresent() && erasureSalt.get().value().length() < 16) {
            throw new ConfigException("retention.erasure-salt must be at least 16 characters, so the hash cannot be reversed by guessing ids.");
        }
        if (lockTtl.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new ConfigException("retention.lock-ttl must be at least 10s, was " + lockTtl + ".");
        }
        if (lockWait.isNegative()) {
            throw new ConfigException("retention.lock-wait must not be negative, was " + lockWait + ".");
        }
        if (batchSize < 1 || batchSize > 10_000) {
            throw new ConfigException("retention.batch-size must be between 1 and 10000, was " + batchSize + ".");
        }
    }

    /** Reads {@code retention.*} from {@code c}; every error names its key. */
    public static RetentionConfig from(Config c) {
        return new RetentionConfig(
                c.string("retention.elasticsearch.url", "http://127.0.0.1:9200"),
                c.get("retention.elasticsearch.username").filter(s -> !s.isEmpty()),
                c.secret("retention.elasticsearch.password"),
                c.secret("retention.elasticsearch.api-key"),
                c.get("retention.elasticsearch.ca-file").filter(s -> !s.isEmpty()).map(Path::of),
                c.string("retention.index-prefix", "auth0-"),
                c.get("retention.policy-file").filter(s -> !s.isEmpty()).map(Path::of),
                c.string("retention.operator", defaultOperator()),
                c.secret("retention.erasure-salt"),
                c.positiveDuration("retention.lock-ttl", Duration.ofMinutes(10)),
                c.duration("retention.lock-wait", Duration.ofMinutes(2)),
                c.positiveInt("retention.batch-size", 5000),
                c.positiveDuration("retention.pit-keep-alive", Duration.ofMinutes(5)),
                c.positiveDuration("retention.report-period", Duration.ofDays(30)),
                c.positiveDuration("retention.max-clock-skew", Duration.ofMinutes(5)));
    }

    /** Defaults pointing at {@code url} without credentials (tests, local mode). */
    public static RetentionConfig forUrl(String url) {
        return from(Config.of(java.util.Map.of("retention.elasticsearch.url", url)));
    }

    public RetentionConfig withPolicyFile(Path file) {
        return new RetentionConfig(elasticsearchUrl, username, password, apiKey, caFile, indexPrefix, Optional.ofNullable(file),
                operator, erasureSalt, lockTtl, lockWait, batchSize, pitKeepAlive, reportPeriod, maxClockSkew);
    }

    public RetentionConfig withCredentials(String user, String pass) {
        return new RetentionConfig(elasticsearchUrl, Optional.of(user), Optional.of(Secret.of(pass)), Optional.empty(), caFile,
                indexPrefix, policyFile, operator, erasureSalt, lockTtl, lockWait, batchSize, pitKeepAlive, reportPeriod, maxClockSkew);
    }

    public RetentionConfig withIndexPrefix(String prefix) {
        return new RetentionConfig(elasticsearchUrl, username, password, apiKey, caFile, prefix, policyFile,
                operator, erasureSalt, lockTtl, lockWait, batchSize, pitKeepAlive, reportPeriod, maxClockSkew);
    }

    public RetentionConfig withErasureSalt(String salt) {
        return new RetentionConfig(elasticsearchUrl, username, password, apiKey, caFile, indexPrefix, policyFile,
                operator, Optional.of(Secret.of(salt)), lockTtl, lockWait, batchSize, pitKeepAlive, reportPeriod, maxClockSkew);
    }

    public RetentionConfig withOperator(String who) {
        return new RetentionConfig(elasticsearchUrl, username, password, apiKey, caFile, indexPrefix, policyFile,
                who, erasureSalt, lockTtl, lockWait, batchSize, pitKeepAlive, reportPeriod, maxClockSkew);
    }

    public RetentionConfig withBatchSize(int n) {
        return new RetentionConfig(elasticsearchUrl, username, password, apiKey, caFile, indexPrefix, policyFile,
                operator, erasureSalt, lockTtl, lockWait, n, pitKeepAlive, reportPeriod, maxClockSkew);
    }

    /** Secrets are {@link Secret}s; a password in the URL ({@code https://user:pw@es}) is masked too. */
    @Override
    public String toString() {
        return "RetentionConfig[elasticsearchUrl=" + Masking.inValue(elasticsearchUrl) + ", username=" + username
                + ", password=" + password + ", apiKey=" + apiKey + ", caFile=" + caFile + ", indexPrefix=" + indexPrefix
                + ", policyFile=" + policyFile + ", operator=" + operator + ", erasureSalt=" + erasureSalt + ", lockTtl="
                + lockTtl + ", lockWait=" + lockWait + ", batchSize=" + batchSize + ", pitKeepAlive=" + pitKeepAlive
                + ", reportPeriod=" + reportPeriod + "]";
    }

    private static String defaultOperator() {
        return System.getProperty("user.name", "unknown");
    }
}
