package io.authstream.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Locates the Elasticsearch distribution zip that the Maven build resolved and unpacks it once into
 * a cache directory shared by every run ({@code <tmp>/authstream-cache/elasticsearch-<version>}).
 *
 * <p>Override with {@code AUTHSTREAM_ES_DIST} (a zip or an unpacked home). The cache lives under
 * the system temp directory because the unprivileged uid Elasticsearch runs under (as root) must be
 * able to traverse to it; a home directory of mode 0700 would block it.
 */
public final class ElasticsearchDistribution {
    private ElasticsearchDistribution() {
    }

    /** The Elasticsearch version this build ships against. */
    public static String version() {
        return buildProperties().getProperty("elasticsearch.version");
    }

    /** The unpacked distribution home, unpacking it first if needed. */
    public static synchronized Path unpacked() {
        String override = System.getenv("AUTHSTREAM_ES_DIST");
        if (override != null && !override.isBlank() && Files.isDirectory(Path.of(override))) {
            return Path.of(override);
        }
        Path zip = zip(override);
        Path cache = Path.of(System.getProperty("java.io.tmpdir"), "authstream-cache");
        Path home = cache.resolve("elasticsearch-" + version());
        if (Files.exists(home.resolve(".complete"))) {
            return home;
        }
        try {
            Files.createDirectories(cache);
            Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path staging = Files.createTempDirectory(cache, "unpack-");
            unzip(zip, staging);
            Path top;
            try (Stream<Path> s = Files.list(staging)) {
                top = s.filter(Files::isDirectory).findFirst()
                        .orElseThrow(() -> new IllegalStateException("empty Elasticsearch distribution " + zip));
            }
            try (Stream<Path> bins = Files.list(top.resolve("bin"))) {
                for (Path bin : (Iterable<Path>) bins::iterator) {
                    Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
            makeReadableByAll(top);
            Files.writeString(top.resolve(".complete"), zip.toString());
            FileTrees.deleteQuietly(home);
            Files.move(top, home, StandardCopyOption.ATOMIC_MOVE);
            FileTrees.deleteQuietly(staging);
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + zip + " into " + cache, e);
        }
    }

    private static Path zip(String override) {
        Path zip = override != null && !override.isBlank()
                ? Path.of(override)
                : Path.of(buildProperties().getProperty("elasticsearch.zip"));
        if (!Files.isRegularFile(zip)) {
            Path fallback = Path.of(System.getProperty("user.home"), ".m2/repository/org/elasticsearch/distribution/"
                    + "integ-test-zip/elasticsearch", version(), "elasticsearch-" + version() + ".zip");
            if (Files.isRegularFile(fallback)) {
                return fallback;
            }
            throw new IllegalStateException("The Elasticsearch distribution " + zip + " is missing. Build the project "
                    + "with Maven first (it resolves org.elasticsearch.distribution.integ-test-zip:elasticsearch:"
                    + version() + ":zip), or set AUTHSTREAM_ES_DIST to the zip or an unpacked distribution.");
        }
        return zip;
    }

    private static void unzip(Path zip, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                Path out = root.resolve(e.getName()).normalize();
                if (!out.startsWith(root)) {
                    throw new IOException("zip entry escapes the target directory: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void makeReadableByAll(Path top) throws IOException {
        try (Stream<Path> walk = Files.walk(top)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isDirectory(p)) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else if (!p.getParent().getFileName().toString().equals("bin")) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
    }

    private static Properties buildProperties() {
        Properties p = new Properties();
        try (InputStream in = ElasticsearchDistribution.class.getResourceAsStream("/authstream-embedded.properties")) {
            if (in == null) {
                throw new IllegalStateException("authstream-embedded.properties is missing from the classpath");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
