package io.authstream.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Where {@code local} keeps its data by default, and how that directory is guarded. */
final class LocalPaths {
    /** Owner only. As root, others may pass through (Elasticsearch runs under an unprivileged uid) but not list or read. */
    static final String OWNER_ONLY = "rwx------";
    static final String ROOT_TRAVERSABLE = "rwx--x--x";

    private LocalPaths() {
    }

    /**
     * {@code AUTHSTREAM_DATA_DIR}, else {@code /var/tmp/authstream} for root (Elasticsearch runs under
     * an unprivileged uid that cannot enter {@code /root}), else {@code ~/.local/share/authstream}.
     */
    static Path defaultDataDir() {
        String env = System.getenv("AUTHSTREAM_DATA_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        if ("root".equals(System.getProperty("user.name"))) {
            return Path.of("/var/tmp/authstream");
        }
        return Path.of(System.getProperty("user.home"), ".local", "share", "authstream");
    }

    /**
     * Creates {@code dir} (and its {@code kafka}, {@code analyzer} subdirectories) readable by its
     * owner only, or refuses it when it exists and belongs to another user: under a shared
     * directory such as {@code /var/tmp} anyone could have created it first and planted
     * credentials in it.
     */
    static Path prepare(Path dir, int uid) {
        Path d = dir.toAbsolutePath();
        try {
            if (Files.exists(d, LinkOption.NOFOLLOW_LINKS)) {
                requireOwned(d, uid);
            } else {
                Files.createDirectories(d);
            }
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString(uid == 0 ? ROOT_TRAVERSABLE : OWNER_ONLY));
            for (String sub : new String[] {"kafka", "analyzer"}) {
                Path s = d.resolve(sub);
                if (Files.exists(s, LinkOption.NOFOLLOW_LINKS)) {
                    requireOwned(s, uid);
                } else {
                    Files.createDirectory(s);
                }
                Files.setPosixFilePermissions(s, PosixFilePermissions.fromString(OWNER_ONLY));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + d, e);
        }
        return d;
    }

    /** Refuses a path that is a symbolic link, not a directory, or owned by someone else. */
    static void requireOwned(Path p, int uid) throws IOException {
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalStateException(p + " exists but is not a directory (or is a symbolic link); choose another --data-dir.");
        }
        int owner = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (owner != uid) {
            throw new IllegalStateException(p + " belongs to another user (uid " + owner + "); it may hold planted credentials. "
                    + "Choose another --data-dir or remove it.");
        }
    }

    /** The uid of this process. */
    static int currentUid() {
        return (int) new com.sun.security.auth.module.UnixSystem().getUid();
    }
}
