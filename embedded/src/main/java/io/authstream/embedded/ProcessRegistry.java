package io.authstream.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers which JVM started which Elasticsearch process, so that a process left behind by a JVM
 * that was killed (no shutdown hook ran) is stopped the next time any embedded stack starts.
 * One file per process: {@code <tmp>/authstream-cache/pids/<pid>} holding the owner pid.
 */
final class ProcessRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessRegistry.class);

    private ProcessRegistry() {
    }

    private static Path dir() throws IOException {
        return Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "authstream-cache", "pids"));
    }

    static void register(long pid, Path instanceDir) {
        try {
            Files.writeString(dir().resolve(String.valueOf(pid)), ProcessHandle.current().pid() + "\n" + instanceDir + "\n");
        } catch (IOException e) {
            LOG.warn("cannot record Elasticsearch pid {}: an orphan would not be cleaned up", pid, e);
        }
    }

    static void unregister(long pid) {
        try {
            Files.deleteIfExists(dir().resolve(String.valueOf(pid)));
        } catch (IOException e) {
            LOG.debug("cannot remove pid record {}", pid, e);
        }
    }

    /** Stops every recorded Elasticsearch whose owning JVM is gone. */
    static void sweepOrphans() {
        try (Stream<Path> files = Files.list(dir())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                long pid = Long.parseLong(f.getFileName().toString());
                List<String> lines = Files.readAllLines(f);
                long owner = lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).strip());
                boolean ownerAlive = ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false);
                if (ownerAlive) {
                    continue;
                }
                ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(Processes::isElasticsearch).ifPresent(ph -> {
                    LOG.warn("Stopping orphaned Elasticsearch pid {} (its JVM {} is gone)", pid, owner);
                    Processes.terminate(ph, Duration.ofSeconds(20));
                });
                Files.deleteIfExists(f);
            }
        } catch (IOException | NumberFormatException e) {
            LOG.debug("orphan sweep skipped", e);
        }
    }
}
