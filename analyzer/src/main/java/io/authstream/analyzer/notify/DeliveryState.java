package io.authstream.analyzer.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertSeverity;
import io.authstream.schemas.record.AlertState;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What was delivered where, kept in a {@link StateLog} so it survives restarts and rebalances:
 * per destination and alert id the highest severity and last revision sent and whether the
 * resolution was sent; per destination and alert key when a firing was last sent (the cool-down).
 * Recorded only after a destination accepted the message, and before the alert's offset may be
 * committed. Restored with {@link #catchUp()} at start and whenever partitions are assigned.
 *
 * <p>Log keys are {@code <group>|sent|<destination>|<alert id>} and
 * {@code <group>|fired|<destination>|<alert key>}; values small JSON objects.
 * Entries no longer needed are deleted (tombstones) when read back: resolutions older than
 * {@code maxAge}, open alerts older than {@link #OPEN_RETENTION}, cool-downs that expired.
 */
final class DeliveryState {
    /** How long an alert sent but never resolved is remembered (the alerts topic keeps 30 days). */
    static final Duration OPEN_RETENTION = Duration.ofDays(30);
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryState.class);
    private static final ObjectMapper M = new ObjectMapper();

    /** A destination got this alert: {@code severity} the highest sent, {@code revision} the last. */
    record Sent(AlertSeverity severity, int revision, boolean resolved, long atMillis) {
    }

    /** A firing of a condition was sent at this severity (the cool-down starts here). */
    record Fired(AlertSeverity severity, long atMillis) {
    }

    private final StateLog log;
    private final String group;
    private final Clock clock;
    private final Duration coolDown;
    private final Duration maxAge;
    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final Map<String, Fired> fired = new ConcurrentHashMap<>();

    DeliveryState(StateLog log, String group, Clock clock, Duration coolDown, Duration maxAge) {
        this.log = log;
        this.group = group;
        this.clock = clock;
        this.coolDown = coolDown;
        this.maxAge = maxAge;
    }

    Sent sent(String destination, String alertId) {
        return sent.get(sentKey(destination, alertId));
    }

    /** The last firing of {@code alertKey} sent to {@code destination} within the cool-down, or null. */
    Fired firedWithin(String destination, String alertKey) {
        Fired f = fired.get(firedKey(destination, alertKey));
        return f == null || clock.millis() - f.atMillis() >= coolDown.toMillis() ? null : f;
    }

    /** Records that {@code destination} accepted {@code a}; returns once durable (throws otherwise). */
    void delivered(String destination, Alert a) {
        long now = clock.millis();
        Sent before = sent(destination, a.id());
        boolean resolved = a.state() == AlertState.RESOLVED;
        AlertSeverity sev = before == null || a.severity().compareTo(before.severity()) > 0 ? a.severity() : before.severity();
        Sent s = new Sent(sev, a.revision(), resolved || before != null && before.resolved(), now);
        if (!resolved && (before == null || a.severity().compareTo(before.severity()) > 0)) {
            Fired prev = firedWithin(destination, a.key());
            Fired f = new Fired(prev == null || a.severity().compareTo(prev.severity()) > 0 ? a.severity() : prev.severity(), now);
            String fk = firedKey(destination, a.key());
            log.write(fk, json(Map.of("severity", f.severity().id(), "at", f.atMillis())));
            fired.put(fk, f);
        }
        String sk = sentKey(destination, a.id());
        log.write(sk, json(Map.of("severity", s.severity().id(), "revision", s.revision(), "resolved", s.resolved(),
                "at", s.atMillis())));
        sent.put(sk, s);
    }

    /** Applies what the log holds beyond what was read before, then deletes entries no longer needed. */
    void catchUp() {
        log.catchUp(this::apply);
        long now = clock.millis();
        sent.forEach((k, s) -> {
            long age = now - s.atMillis();
            if (s.resolved() ? age > maxAge.toMillis() : age > OPEN_RETENTION.toMillis()) {
                forget(k, sent);
            }
        });
        fired.forEach((k, f) -> {
            if (now - f.atMillis() > coolDown.toMillis()) {
                forget(k, fired);
            }
        });
    }

    int size() {
        return sent.size() + fired.size();
    }

    private void forget(String key, Map<String, ?> map) {
        try {
            log.write(key, null);
            map.remove(key);
        } catch (RuntimeException e) {
            LOG.warn("Could not delete notifier state entry (will retry at the next catch-up): {}", e.toString());
        }
    }

    private void apply(String key, byte[] value, long at) {
        String[] p = key.split("\\|", 4);
        if (p.length != 4 || !p[0].equals(group)) {
            return; // another notifier group's state
        }
        Map<String, ?> target = p[1].equals("sent") ? sent : p[1].equals("fired") ? fired : null;
        if (target == null) {
            return;
        }
        if (value == null) {
            target.remove(key);
            return;
        }
        try {
            JsonNode n = M.readTree(value);
            AlertSeverity sev = AlertSeverity.fromId(n.path("severity").asText());
            long when = n.path("at").asLong(at);
            // never let an entry read back replace a newer one a lane recorded meanwhile (catch-up on assignment)
            if (target == sent) {
                sent.merge(key, new Sent(sev, n.path("revision").asInt(), n.path("resolved").asBoolean(), when),
                        (old, neu) -> neu.atMillis() >= old.atMillis() ? neu : old);
            } else {
                fired.merge(key, new Fired(sev, when), (old, neu) -> neu.atMillis() >= old.atMillis() ? neu : old);
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Ignoring an unreadable notifier state entry: {}", e.toString());
        }
    }

    private String sentKey(String destination, String alertId) {
        return group + "|sent|" + destination + "|" + alertId;
    }

    private String firedKey(String destination, String alertKey) {
        return group + "|fired|" + destination + "|" + alertKey;
    }

    private static byte[] json(Map<String, Object> m) {
        try {
            return M.writeValueAsBytes(m);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
