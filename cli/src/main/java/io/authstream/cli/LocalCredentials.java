package io.authstream.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The secrets of a local installation, generated on first start and kept (mode 0600) in the data
 * directory so that the webhook token and the Elasticsearch password survive restarts.
 */
record LocalCredentials(String webhookToken, String elasticPassword, String erasureSalt) {
    static LocalCredentials loadOrCreate(Path dataDir) {
        Path file = file(dataDir);
        Properties p = new Properties();
        try {
            Files.createDirectories(dataDir);
            if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                int owner = (Integer) Files.getAttribute(file, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS);
                if (owner != LocalPaths.currentUid() || !Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    throw new IllegalStateException(file + " is not a regular file of this user (owner uid " + owner
                            + "); refusing credentials someone else could have written.");
                }
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                try (InputStream in = Files.newInputStream(file)) {
                    p.load(in);
                }
            }
            boolean changed = false;
            if (p.getProperty("webhook.token", "").isEmpty()) {
                p.setProperty("webhook.token", random(24));
                changed = true;
            }
            if (p.getProperty("elastic.password", "").isEmpty()) {
                p.setProperty("elastic.password", random(16));
                changed = true;
            }
            if (p.getProperty("erasure.salt", "").isEmpty()) {
                p.setProperty("erasure.salt", random(32));
                changed = true;
            }
            if (changed) {
                Files.deleteIfExists(file);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try (OutputStream out = Files.newOutputStream(file)) {
                    p.store(out, "authstream local credentials: keep private");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
        return new LocalCredentials(p.getProperty("webhook.token"), p.getProperty("elastic.password"), p.getProperty("erasure.salt"));
    }

    /** Where they are kept: printed instead of the secrets themselves. */
    static Path file(Path dataDir) {
        return dataDir.toAbsolutePath().resolve("credentials.properties");
    }

    /** The first characters of the webhook token, enough to recognise it. */
    String tokenPrefix() {
        return webhookToken.substring(0, Math.min(6, webhookToken.length())) + "...";
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Override
    public String toString() {
        return "LocalCredentials[****]";
    }
}
