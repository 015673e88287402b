package io.authstream.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Arrays;
import org.slf4j.Marker;

/**
 * Drops the third-party warnings every start prints although nothing is wrong (issue 17: a demo
 * printed dozens of them, and on-call learns to ignore warnings that way). Each one is named, with
 * why it is harmless; every other warning of the same loggers still goes out.
 *
 * <ul>
 *   <li>Kafka clients: "The metadata response from the cluster reported a recoverable issue … :
 *       {topic=UNKNOWN_TOPIC_OR_PARTITION}" (or {@code LEADER_NOT_AVAILABLE}) — a client asked for a
 *       topic in the moment between its creation and its metadata reaching the broker; the client
 *       retries on its own. A topic that stays missing shows in the component's readiness check.</li>
 *   <li>The embedded broker: "Auto topic creation failed for … with error 'TOPIC_ALREADY_EXISTS'"
 *       — two clients asked for the same internal topic at once; it exists, as wanted.</li>
 *   <li>Kafka Streams: "Processing exception handler is not enabled for the GlobalThread" — the
 *       analyzer has no global state, and its own configuration opts in already; the line comes
 *       from the topology builder's default configuration.</li>
 *   <li>Kafka clients: "Attempting to close NetworkClient that has already been closed" — a double
 *       close at shutdown.</li>
 * </ul>
 */
public final class KnownNoiseFilter extends TurboFilter {
    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (logger == null || format == null || level == null || !level.equals(Level.WARN)) {
            return FilterReply.NEUTRAL;
        }
        return noise(logger.getName(), format, params) ? FilterReply.DENY : FilterReply.NEUTRAL;
    }

    static boolean noise(String logger, String format, Object[] params) {
        if (logger.endsWith(".NetworkClient")) {
            if (format.contains("reported a recoverable issue")) {
                String args = params == null ? "" : Arrays.toString(params);
                return onlyStartUpErrors(args);
            }
            return format.contains("Attempting to close NetworkClient that has already been closed");
        }
        if (logger.endsWith(".DefaultAutoTopicCreationManager")) {
            return format.contains("TOPIC_ALREADY_EXISTS")
                    || params != null && Arrays.toString(params).contains("TOPIC_ALREADY_EXISTS");
        }
        if (logger.equals("org.apache.kafka.streams.StreamsConfig")) {
            return format.contains("Processing exception handler is not enabled for the GlobalThread");
        }
        return false;
    }

    /** True when every error named is one a topic has just after its creation. */
    private static boolean onlyStartUpErrors(String args) {
        String rest = args.replace("UNKNOWN_TOPIC_OR_PARTITION", "").replace("LEADER_NOT_AVAILABLE", "");
        return !rest.equals(args) && !rest.matches("(?s).*=[A-Z_]{4,}.*");
    }
}
