package io.authstream.schemas.catalogue;

import java.util.Locale;

/** ECS-style outcome of an event code. */
public enum Outcome {
    SUCCESS, FAILURE, UNKNOWN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Case-insensitive. */
    public static Outcome fromId(String id) {
        for (Outcome v : values()) {
            if (v.id().equals(id.toLowerCase(Locale.ROOT))) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown outcome '" + id + "' (known: "
                + java.util.Arrays.stream(values()).map(Outcome::id).toList() + ")");
    }
}
