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
        Path file = dataDir.resolve("credentials.properties");
        Properties p = new Properties();
        try {
            Files.createDirectories(dataDir);
            if (Files.exists(file)) {
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
