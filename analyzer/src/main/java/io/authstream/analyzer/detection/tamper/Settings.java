package io.authstream.analyzer.detection.tamper;

import io.authstream.schemas.config.Config;
import io.authstream.schemas.config.ConfigException;
import io.authstream.schemas.record.AlertSeverity;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** The settings of one detection of this package, under {@code analyzer.detections.<name>.}; errors name the key. */
record Settings(Config config, String name, Duration defaultGrace) {
    /** {@code grace}, default {@code analyzer.grace}; not negative. */
    Duration grace() {
        Duration g = config.duration(key("grace"), defaultGrace);
        if (g.isNegative()) {
            throw new ConfigException(key("grace") + " must not be negative, was " + g + ".");
        }
        return g;
    }

    String key(String k) {
        return "analyzer.detections." + name + "." + k;
    }

    boolean enabled() {
        return config.bool(key("enabled"), true);
    }

    Duration window(Duration dflt) {
        return config.positiveDuration(key("window"), dflt);
    }

    Duration duration(String k, Duration dflt) {
        return config.positiveDuration(key(k), dflt);
    }

    int positive(String k, int dflt) {
        return config.positiveInt(key(k), dflt);
    }

    AlertSeverity severity(String k, AlertSeverity dflt) {
        String v = config.string(key(k), dflt.id());
        try {
            return AlertSeverity.fromId(v);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key(k) + " must be info, warning, high or critical, was '" + v + "'.");
        }
    }

    /** A list setting; {@code dflt} when it is not set. */
    Set<String> list(String k, Set<String> dflt) {
        List<String> l = config.list(key(k));
        return l.isEmpty() ? dflt : Set.copyOf(l);
    }
}
