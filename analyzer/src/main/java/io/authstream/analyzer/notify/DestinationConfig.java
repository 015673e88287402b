package io.authstream.analyzer.notify;

import io.authstream.schemas.config.Config;
import io.authstream.schemas.config.ConfigException;
import io.authstream.schemas.config.Masking;
import io.authstream.schemas.config.Secret;
import io.authstream.schemas.record.AlertSeverity;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * One destination, from {@code notifier.destinations.<name>.*}.
 *
 * @param url          Slack: the incoming-webhook URL (secret); PagerDuty: the Events API v2 endpoint
 *                     (default {@value #PAGERDUTY_URL}); webhook: the target URL
 * @param secret       PagerDuty: the integration routing key; webhook: sent as {@code Authorization}; else empty
 * @param minSeverity  alerts below this are not sent here
 * @param rules        only these rules (empty = all)
 * @param sendResolved whether resolutions are sent (only for alerts whose firing was sent here)
 * @param sendUpdates  whether updates without a severity rise are sent (count growth)
 * @param timeout      per-request timeout
 * @param ratePerMinute {@code rate-limit.per-minute}: messages per minute at most (default
 *                     {@code notifier.rate-limit.per-minute}, 0 = no limit); critical alerts always go out,
 *                     the rest over the limit is held and sent as digests, never dropped
 */
public record DestinationConfig(String name, Type type, Secret url, Secret secret, AlertSeverity minSeverity,
                                Set<String> rules, boolean sendResolved, boolean sendUpdates, Duration timeout,
                                int ratePerMinute) {
    public static final String PAGERDUTY_URL = "https://events.pagerduty.com/v2/enqueue";

    /** Kinds of destination. */
    public enum Type {
        SLACK, PAGERDUTY, WEBHOOK, CONSOLE;

        static Type parse(String key, String v) {
            try {
                return valueOf(v.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key + " must be slack, pagerduty, webhook or console, was '" + v + "'.");
            }
        }
    }

    public DestinationConfig {
        rules = Set.copyOf(rules);
    }

    /** A destination without a rate limit. */
    public DestinationConfig(String name, Type type, Secret url, Secret secret, AlertSeverity minSeverity, Set<String> rules,
                             boolean sendResolved, boolean sendUpdates, Duration timeout) {
        this(name, type, url, secret, minSeverity, rules, sendResolved, sendUpdates, timeout, 0);
    }

    /** A console destination for everything (what {@code authstream local} uses). */
    public static DestinationConfig console() {
        return new DestinationConfig("console", Type.CONSOLE, Secret.of(""), Secret.of(""), AlertSeverity.INFO, Set.of(),
                true, true, Duration.ofSeconds(1));
    }

    static DestinationConfig from(Config c, String name, boolean allowInsecure, int defaultRatePerMinute) {
        String p = "notifier.destinations." + name + ".";
        Type type = Type.parse(p + "type", c.required(p + "type"));
        String url = switch (type) {
            case SLACK, WEBHOOK -> c.requiredSecret(p + "url").value();
            case PAGERDUTY -> c.string(p + "url", PAGERDUTY_URL);
            case CONSOLE -> "";
        };
        Secret secret = switch (type) {
            case PAGERDUTY -> c.secret(p + "routing-key")
                    .orElseThrow(() -> new ConfigException(p + "routing-key is required for a PagerDuty destination."));
            case WEBHOOK -> c.secret(p + "token").orElse(Secret.of(""));
            default -> Secret.of("");
        };
        if (!url.isEmpty()) {
            checkUrl(p + "url", url, type != Type.WEBHOOK || !secret.isEmpty(), allowInsecure);
        }
        String sev = c.string(p + "min-severity", type == Type.PAGERDUTY ? "high" : "info");
        AlertSeverity min;
        try {
            min = AlertSeverity.fromId(sev);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(p + "min-severity must be info, warning, high or critical, was '" + sev + "'.");
        }
        return new DestinationConfig(name, type, Secret.of(url), secret, min, Set.copyOf(c.list(p + "rules")),
                c.bool(p + "send-resolved", true), c.bool(p + "send-updates", false),
                c.positiveDuration(p + "timeout", Duration.ofSeconds(10)), rate(c, p + "rate-limit.per-minute",
                defaultRatePerMinute));
    }

    /** A messages-per-minute limit: 0 (none) or positive. */
    static int rate(Config c, String key, int dflt) {
        int v = c.integer(key, dflt);
        if (v < 0) {
            throw new ConfigException(key + " must be 0 (no limit) or positive, was " + v + ".");
        }
        return v;
    }

    /**
     * An absolute http(s) URL with a host. Secret-bearing destinations (Slack, whose URL is the
     * secret; PagerDuty, which carries the routing key; a webhook with a token) need https, except
     * to a loopback address (the secret never leaves the machine) or with
     * {@code notifier.allow-insecure-http} (meant for tests).
     */
    static void checkUrl(String key, String url, boolean carriesSecret, boolean allowInsecure) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new ConfigException(key + " must be an http(s) URL.");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!u.isAbsolute() || u.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new ConfigException(key + " must be an http(s) URL.");
        }
        if (scheme.equals("http") && carriesSecret && !allowInsecure && !loopback(u.getHost())) {
            throw new ConfigException(key + " must use https: this destination carries a secret (set "
                    + "notifier.allow-insecure-http=true only for tests).");
        }
    }

    private static boolean loopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return h.equalsIgnoreCase("localhost") || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}") || h.equals("::1");
    }

    @Override
    public String toString() {
        return name + "(" + type.name().toLowerCase(Locale.ROOT) + ", min " + minSeverity.id()
                + (rules.isEmpty() ? "" : ", rules " + rules) + (ratePerMinute > 0 ? ", " + ratePerMinute + "/min" : "") + ", url " + (type == Type.PAGERDUTY ? Masking.inValue(url.value()) : url)
                + ")";
    }
}
