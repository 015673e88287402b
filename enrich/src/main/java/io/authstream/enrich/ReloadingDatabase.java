package io.authstream.enrich;

import com.maxmind.geoip2.DatabaseReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MaxMind database file, reopened when the file changes (geoipupdate replaces it weekly).
 * The file's modification time is looked at no more often than {@code checkEvery}; a file that
 * cannot be opened keeps the previous reader, and a file that never opened gives no answers.
 * A replaced reader is not closed: lookups in flight on it finish, and the collector frees its
 * memory map.
 */
final class ReloadingDatabase {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingDatabase.class);

    private final Path path;
    private final Duration checkEvery;
    private final Clock clock;
    private final Runnable onReload;
    private volatile DatabaseReader reader;
    private volatile FileTime loaded;
    private volatile Instant nextCheck = Instant.MIN;
    private volatile long generation;

    ReloadingDatabase(Path path, Duration checkEvery, Clock clock, Runnable onReload) {
        this.path = path;
        this.checkEvery = checkEvery;
        this.clock = clock;
        this.onReload = onReload;
        refresh();
        if (reader == null) {
            LOG.warn("GeoIP database {} could not be opened; events get no fields from it until it can", path);
        }
    }

    /** The current reader, after a cheap check whether the file changed. */
    Optional<DatabaseReader> reader() {
        if (!clock.instant().isBefore(nextCheck)) {
            refresh();
        }
        return Optional.ofNullable(reader);
    }

    /** How many times a file was (re)opened; for tests and the log. */
    long generation() {
        return generation;
    }

    private synchronized void refresh() {
        Instant now = clock.instant();
        if (now.isBefore(nextCheck)) {
            return;
        }
        nextCheck = now.plus(checkEvery);
        try {
            FileTime modified = Files.getLastModifiedTime(path);
            if (modified.equals(loaded) && reader != null) {
                return;
            }
            DatabaseReader fresh = new DatabaseReader.Builder(path.toFile()).build();
            String type = fresh.metadata().databaseType();
            reader = fresh;
            loaded = modified;
            generation++;
            onReload.run();
            LOG.info("GeoIP database {} ({}) loaded, built {}", path, type, fresh.metadata().buildTime());
        } catch (IOException | RuntimeException e) {
            if (reader != null) {
                LOG.warn("GeoIP database {} changed but cannot be opened ({}); keeping the one loaded before", path, e.toString());
            }
        }
    }
}
