package io.authstream.ops;

/** The three health questions, each at its own path, each answered 200 or 503 with the same JSON shape. */
public enum Probe {
    /** {@code /health/live}: should the process be restarted? 503 only in a fatal state. */
    LIVE("/health/live", "live", "not-live"),
    /** {@code /health/ready}: should it get work (traffic, alerts routed to it)? */
    READY("/health/ready", "ready", "not-ready"),
    /** {@code /health/startup}: has it finished starting once? Until then the other probes are premature. */
    STARTUP("/health/startup", "started", "starting");

    private final String path;
    private final String passing;
    private final String failing;

    Probe(String path, String passing, String failing) {
        this.path = path;
        this.passing = passing;
        this.failing = failing;
    }

    public String path() {
        return path;
    }

    /** The {@code status} value in the answer. */
    public String status(boolean passes) {
        return passes ? passing : failing;
    }
}
