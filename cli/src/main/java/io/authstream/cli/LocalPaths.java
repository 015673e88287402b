package io.authstream.cli;

import java.nio.file.Path;

/** Where {@code local} keeps its data by default. */
final class LocalPaths {
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
}
