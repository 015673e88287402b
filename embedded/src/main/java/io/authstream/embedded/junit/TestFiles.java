package io.authstream.embedded.junit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File helpers for tests that create directories outside JUnit's {@code @TempDir}. */
public final class TestFiles {
    private TestFiles() {
    }

    /** Deletes a tree, ignoring files that vanish or cannot be removed. */
    public static void deleteQuietly(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort in test clean-up
                }
            });
        } catch (IOException ignored) {
            // best effort in test clean-up
        }
    }
}
