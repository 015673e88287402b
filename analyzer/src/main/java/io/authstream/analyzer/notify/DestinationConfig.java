package io.authstream.analyzer.notify;

import io.authstream.schemas.config.Config;
import io.authstream.schemas.config.ConfigException;
import io.authstream.schemas.config.Masking;
import io.authstream.schemas.config.Secret;
import io.authstream.schemas.record.AlertSeverity;
import java.net.URI;
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
 */
public record DestinationConfig(String name, Type type, Secret url, Secret secret, AlertSeverity minSeverity,
                                Set<String> rules, boolean sendResolved, boolean sendUpdates, Duration timeout) {
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

    /** A console destination for everything (what {@code authstream local} uses). */
    public static DestinationConfig console() {
        return new DestinationConfig("console", Type.CONSOLE, Secret.of(""), Secret.of(""), AlertSeverity.INFO, Set.of(),
                true, true, Duration.ofSeconds(1));
    }

    static DestinationConfig from(Config c, String name) {
        String p = "notifier.destinations." + name + ".";
        Type type = Type.parse(p + "type", c.required(p + "type"));
        String url = switch (type) {
            case SLACK, WEBHOOK -> c.requiredSecret(p + "url").value();
            case PAGERDUTY -> c.string(p + "url", PAGERDUTY_URL);
            case CONSOLE -> "";
        };
        if (!url.isEmpty()) {
            try {
                URI u = URI.create(url);
                if (u.getScheme() == null || !u.getScheme().startsWith("http")) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException(p + "url must be an http(s) URL.");
            }
        }
        Secret secret = switch (type) {
            case PAGERDUTY -> c.secret(p + "routing-key")
                    .orElseThrow(() -> new ConfigException(p + "routing-key is required for a PagerDuty destination."));
            case WEBHOOK -> c.secret(p + "token").orElse(Secret.of(""));
            default -> Secret.of("");
        };
        String sev = c.string(p + "min-severity", type == Type.PAGERDUTY ? "high" : "info");
        AlertSeverity min;
        try {
            min = AlertSeverity.fromId(sev);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(p + "min-severity must be info, warning, high or critical, was '" + sev + "'.");
        }
        return new DestinationConfig(name, type, Secret.of(url), secret, min, Set.copyOf(c.list(p + "rules")),
                c.bool(p + "send-resolved", true), c.bool(p + "send-updates", false),
                c.positiveDuration(p + "timeout", Duration.ofSeconds(10)));
    }

    @Override
    public String toString() {
        return name + "(" + type.name().toLowerCase(Locale.ROOT) + ", min " + minSeverity.id()
                + (rules.isEmpty() ? "" : ", rules " + rules) + ", url " + (type == Type.PAGERDUTY ? Masking.inValue(url.value()) : url)
                + ")";
    }
}
