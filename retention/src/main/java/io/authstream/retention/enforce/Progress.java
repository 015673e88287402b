package io.authstream.retention.enforce;

/** Receives progress of long work (for a terminal or a log). Called on the working thread. */
public interface Progress {
    Progress NONE = (step, index, done, total) -> { };

    /**
     * @param step  {@code delete-index}, {@code copy-held}, {@code trim} or {@code erase}
     * @param done  documents handled so far in this step
     * @param total documents the step expects to handle (an estimate from the survey)
     */
    void update(String step, String index, long done, long total);
}
