package io.authstream.schemas.catalogue;

import java.util.Locale;

/** ECS-style outcome of an event code. */
public enum Outcome {
    SUCCESS, FAILURE, UNKNOWN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Outcome fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
