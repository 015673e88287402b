package io.authstream.analyzer.detection;

import io.authstream.analyzer.engine.Escalation;
import io.authstream.schemas.config.Config;
import io.authstream.schemas.config.ConfigException;
import io.authstream.schemas.record.AlertSeverity;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Settings of one detection (or one of its rules) under {@code analyzer.detections.<name>.}, read
 * and validated when the configuration loads; every error names the key.
 */
public final class Knobs {
    private final Config config;
    private final String prefix;
    private final Duration defaultGrace;
    private final boolean defaultUpdates;

    Knobs(Config config, String name, Duration defaultGrace, boolean defaultUpdates) {
        this.config = config;
        this.prefix = "analyzer.detections." + name + ".";
        this.defaultGrace = defaultGrace;
        this.defaultUpdates = defaultUpdates;
    }

    /** Settings of a sub-rule: {@code analyzer.detections.<name>.<sub>.}. */
    Knobs sub(String sub) {
        return new Knobs(config, prefix.substring("analyzer.detections.".length()) + sub, defaultGrace, defaultUpdates);
    }

    /** The same settings, but without count-doubling updates unless {@code updates} is set explicitly. */
    Knobs quiet() {
        return new Knobs(config, prefix.substring("analyzer.detections.".length(), prefix.length() - 1), defaultGrace, false);
    }

    String key(String k) {
        return prefix + k;
    }

    boolean enabled() {
        return config.bool(key("enabled"), true);
    }

    long threshold(long dflt) {
        return config.positiveLong(key("threshold"), dflt);
    }

    Duration window(Duration dflt) {
        return config.positiveDuration(key("window"), dflt);
    }

    Duration grace() {
        Duration g = config.duration(key("grace"), defaultGrace);
        if (g.isNegative()) {
            throw new ConfigException(key("grace") + " must not be negative, was " + g + ".");
        }
        return g;
    }

    /**
     * Most groups a count rule tracks per task ({@code max-groups}); beyond it the idlest are
     * forgotten. (The former {@code advance} key is no longer read: count rules slide, "in any T".)
     */
    int maxGroups() {
        return config.positiveInt(key("max-groups"), io.authstream.analyzer.engine.ThresholdRule.DEFAULT_MAX_GROUPS);
    }

    AlertSeverity severity(AlertSeverity dflt) {
        String v = config.string(key("severity"), dflt.id());
        try {
            return AlertSeverity.fromId(v);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key("severity") + " must be info, warning, high or critical, was '" + v + "'.");
        }
    }

    Map<Long, AlertSeverity> steps(String dflt) {
        return Escalation.parseSteps(key("escalate-at"), config.string(key("escalate-at"), dflt));
    }

    boolean updates() {
        return config.bool(key("updates"), defaultUpdates);
    }

    Set<String> codes(Set<String> dflt) {
        List<String> l = config.list(key("codes"));
        return l.isEmpty() ? dflt : Set.copyOf(new LinkedHashSet<>(l));
    }

    Set<String> list(String k, Set<String> dflt) {
        List<String> l = config.list(key(k));
        return l.isEmpty() ? dflt : Set.copyOf(l);
    }

    long positive(String k, long dflt) {
        return config.positiveLong(key(k), dflt);
    }

    int count(String k, int dflt) {
        int v = config.integer(key(k), dflt);
        if (v < 0) {
            throw new ConfigException(key(k) + " must not be negative, was " + v + ".");
        }
        return v;
    }

    double positiveNumber(String k, double dflt) {
        double v = config.number(key(k), dflt);
        if (!(v > 0)) {
            throw new ConfigException(key(k) + " must be a positive number, was " + v + ".");
        }
        return v;
    }

    Duration duration(String k, Duration dflt) {
        return config.positiveDuration(key(k), dflt);
    }
}
