package io.authstream.retention.enforce;

/**
 * Called after every destructive step with the number of documents removed so far in the run.
 * Production uses {@link #NONE}; tests throw from it to simulate a crash at an exact point.
 */
public interface Checkpoint {
    Checkpoint NONE = removedSoFar -> { };

    void afterStep(long removedSoFar);

    /** A checkpoint that fails the run once at least {@code n} documents were removed. */
    static Checkpoint failAfter(long n) {
        return removed -> {
            if (removed >= n) {
                throw new SimulatedCrash("simulated crash after " + removed + " documents removed");
            }
        };
    }

    /** The failure {@link #failAfter} throws. */
    final class SimulatedCrash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public SimulatedCrash(String m) {
            super(m);
        }
    }
}
