package io.authstream.schemas.catalogue;

import java.util.Locale;

/**
 * How long an event is worth keeping. {@code security}: failures, attack signals, rate limits,
 * admin changes (default limit 400 days); {@code activity}: ordinary successes (90 days);
 * {@code noise}: operational notices (30 days). The retention policy sets the actual limits.
 */
public enum RetentionClass {
    SECURITY, ACTIVITY, NOISE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Case-insensitive. */
    public static RetentionClass fromId(String id) {
        for (RetentionClass v : values()) {
            if (v.id().equals(id.toLowerCase(Locale.ROOT))) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown retention class '" + id + "' (known: "
                + java.util.Arrays.stream(values()).map(RetentionClass::id).toList() + ")");
    }
}
