package io.authstream.pull;

import io.authstream.schemas.config.Config;
import io.authstream.schemas.config.ConfigException;
import io.authstream.schemas.config.Secret;
import io.authstream.schemas.topic.Topics;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the puller needs, read once from {@link Config} and validated; {@link #toString()} masks the
 * client secret and secret Kafka settings. Keys are documented in {@code docs/pull.md}.
 *
 * @param domain       {@code pull.domain}: the tenant's domain ({@code acme.eu.auth0.com}) or a full base URL
 * @param audience     {@code pull.audience}: the Management API audience, default {@code <domain>/api/v2/}
 * @param tenant       {@code pull.tenant}: the tenant label on every record and the checkpoint key
 * @param stream       {@code pull.stream}: the stream header value, default {@code pull}
 * @param interval     {@code pull.interval}: how long to wait after an empty page
 * @param take         {@code pull.take}: logs per page, 1 to 100
 * @param maxRate      {@code pull.max-rate}: most log requests per second (Auth0's plan limit applies above it)
 * @param maxBackoff   {@code pull.max-backoff}: longest wait after an error
 * @param requestTimeout {@code pull.request-timeout}: one HTTP request
 */
public record PullConfig(URI domain, String audience, String clientId, Secret clientSecret, String tenant, String stream,
                         Duration interval, int take, double maxRate, Duration maxBackoff, Duration requestTimeout,
                         Map<String, String> kafka, Topics topics, int rejectedMaxOriginalBytes) {

    public PullConfig {
        kafka = Map.copyOf(kafka);
    }

    public static PullConfig from(Config c) {
        String domain = c.required("pull.domain").strip();
        URI base = URI.create(domain.contains("://") ? domain : "https://" + domain);
        if (base.getHost() == null) {
            throw new ConfigException("pull.domain must be a host name such as acme.eu.auth0.com, was '" + domain + "'.");
        }
        String baseText = base.toString().replaceAll("/+$", "");
        base = URI.create(baseText);
        String clientId = c.required("pull.client-id");
        Secret secret = c.secret("pull.client-secret").orElseThrow(() -> new ConfigException(
                "pull.client-secret is required (set it as " + Config.envName("pull.client-secret") + ")."));
        String tenant = c.required("pull.tenant");
        if (tenant.isBlank()) {
            throw new ConfigException("pull.tenant must not be blank.");
        }
        int take = c.positiveInt("pull.take", 100);
        if (take > 100) {
            throw new ConfigException("pull.take must be between 1 and 100 (Auth0's maximum), was " + take + ".");
        }
        double maxRate = c.number("pull.max-rate", 1.0);
        if (!(maxRate > 0)) {
            throw new ConfigException("pull.max-rate must be positive (requests per second), was " + maxRate + ".");
        }
        Map<String, String> kafka = new TreeMap<>(c.passThrough("kafka"));
        if (kafka.getOrDefault("bootstrap.servers", "").isBlank()) {
            throw new ConfigException("kafka.bootstrap.servers is required (set it in " + c.source() + " or as "
                    + Config.envName("kafka.bootstrap.servers") + ").");
        }
        return new PullConfig(base, c.string("pull.audience", baseText + "/api/v2/"), clientId, secret, tenant,
                c.string("pull.stream", "pull"), c.positiveDuration("pull.interval", Duration.ofSeconds(30)), take, maxRate,
                c.positiveDuration("pull.max-backoff", Duration.ofMinutes(5)),
                c.positiveDuration("pull.request-timeout", Duration.ofSeconds(30)), kafka, Topics.from(c),
                c.positiveInt("pull.rejected.max-original-bytes", 64 << 10));
    }

    /** The same configuration for another tenant label (backfill's {@code --tenant}). */
    public PullConfig withTenant(String t) {
        return new PullConfig(domain, audience, clientId, clientSecret, t, stream, interval, take, maxRate, maxBackoff,
                requestTimeout, kafka, topics, rejectedMaxOriginalBytes);
    }

    @Override
    public String toString() {
        Map<String, String> k = new TreeMap<>();
        kafka.forEach((key, v) -> k.put(key, looksSecret(key) ? "****" : v));
        return "PullConfig[domain=" + domain + ", audience=" + audience + ", clientId=" + clientId + ", clientSecret="
                + clientSecret + ", tenant=" + tenant + ", stream=" + stream + ", interval=" + interval + ", take=" + take
                + ", maxRate=" + maxRate + ", maxBackoff=" + maxBackoff + ", requestTimeout=" + requestTimeout
                + ", kafka=" + k + ", topics=" + topics + ", rejectedMaxOriginalBytes=" + rejectedMaxOriginalBytes + "]";
    }

    private static boolean looksSecret(String key) {
        String s = key.toLowerCase(Locale.ROOT);
        return s.contains("password") || s.contains("secret") || s.contains("jaas") || s.contains("token")
                || s.contains("credential") || s.endsWith(".key") || s.contains("private");
    }
}
