package io.authstream.ops;

import java.util.Locale;

/** The state of one dependency of a component, as its health answers show it. */
public enum CheckState {
    /** Reachable and doing its job. */
    UP,
    /** Not reachable, or failing. */
    DOWN,
    /** Not ready yet (connecting, restoring state, no first answer yet). */
    STARTING;

    /** The JSON value: {@code up}, {@code down}, {@code starting}. */
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
