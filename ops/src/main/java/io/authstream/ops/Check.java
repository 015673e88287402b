package io.authstream.ops;

/**
 * One dependency's state, with a short reason when it is not up. An optional check is shown in
 * the answers but does not make the component not ready (e.g. the outcome of the last retention
 * run: Prometheus alerts on it, a load balancer must not).
 *
 * @param reason short, human-readable, never exception text with credentials: it is passed
 *               through {@link Reasons#clean} anyway; null when there is nothing to say
 */
public record Check(CheckState state, String reason, boolean required) {

    public Check {
        if (state == null) {
            throw new IllegalArgumentException("a check needs a state");
        }
        reason = reason == null ? null : Reasons.clean(reason);
    }

    public static Check up() {
        return new Check(CheckState.UP, null, true);
    }

    public static Check down(String reason) {
        return new Check(CheckState.DOWN, reason, true);
    }

    public static Check starting(String reason) {
        return new Check(CheckState.STARTING, reason, true);
    }

    /** Up when {@code ok}, else down with {@code reason}. */
    public static Check of(boolean ok, String reason) {
        return ok ? up() : down(reason);
    }

    /** This check, shown but not counted for readiness. */
    public Check optional() {
        return new Check(state, reason, false);
    }

    public boolean isUp() {
        return state == CheckState.UP;
    }
}
