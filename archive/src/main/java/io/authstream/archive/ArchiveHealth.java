package io.authstream.archive;

import io.authstream.ops.Check;
import io.authstream.ops.CheckState;
import io.authstream.ops.ComponentHealth;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The archive's {@link Archiver.Health} as the shared health model: checks {@code kafka},
 * {@code elasticsearch} and {@code delivery} (down while a bulk or dead letter has kept failing
 * longer than {@code archive.retry.not-ready-after}); fatal once the consumer loop has stopped.
 */
final class ArchiveHealth {
    private ArchiveHealth() {
    }

    static ComponentHealth of(Supplier<Archiver.Health> health) {
        return new ComponentHealth("archive")
                .check("kafka", () -> Check.of(health.get().kafka(), "no answer from the Kafka cluster"))
                .check("elasticsearch", () -> Check.of(health.get().elasticsearch(), "unreachable or refusing requests"))
                .check("delivery", () -> {
                    Archiver.Health h = health.get();
                    if (h.stalled()) {
                        return Check.down("a bulk or dead letter has kept failing longer than archive.retry.not-ready-after");
                    }
                    return h.backingOff() ? new Check(CheckState.UP, "backing off, retrying a bulk", true) : Check.up();
                })
                .fatalWhen(() -> {
                    Archiver.Health h = health.get();
                    if (h.live()) {
                        return Optional.empty();
                    }
                    return Optional.of(h.failure() != null ? "stopped: " + h.failure() : "the consumer loop has stopped or is stuck");
                });
    }
}
