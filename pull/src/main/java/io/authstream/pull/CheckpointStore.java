package io.authstream.pull;

import java.util.Optional;

/** The last {@code log_id} stored per tenant. */
public interface CheckpointStore extends AutoCloseable {
    Optional<String> read(String tenant);

    /** Returns once the checkpoint is durable. */
    void write(String tenant, String logId);

    @Override
    default void close() {
    }
}
