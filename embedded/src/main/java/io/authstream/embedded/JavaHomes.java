package io.authstream.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Finds a JDK of at least a given feature version: this JVM, {@code JAVA_HOME}, then installed JDKs. */
public final class JavaHomes {
    private static final Pattern VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);

    private JavaHomes() {
    }

    /**
     * The first JDK home with a {@code bin/java} whose feature version is at least {@code minimum}.
     *
     * @throws IllegalStateException naming what was searched and what to install, if there is none
     */
    public static Path find(int minimum) {
        List<Path> candidates = new ArrayList<>();
        if (Runtime.version().feature() >= minimum) {
            candidates.add(Path.of(System.getProperty("java.home")));
        }
        for (String env : List.of("ES_JAVA_HOME", "JAVA_HOME")) {
            String v = System.getenv(env);
            if (v != null && !v.isBlank()) {
                candidates.add(Path.of(v));
            }
        }
        for (String root : List.of("/usr/lib/jvm", "/usr/java", "/opt/java", "/Library/Java/JavaVirtualMachines")) {
            Path dir = Path.of(root);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    s.sorted().forEach(p -> {
                        candidates.add(p);
                        candidates.add(p.resolve("Contents/Home"));
                    });
                } catch (IOException ignored) {
                    // an unreadable directory simply offers no candidates
                }
            }
        }
        for (Path home : candidates) {
            if (featureVersion(home).orElse(0) >= minimum) {
                return home.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("No JDK " + minimum + " or newer found (looked at this JVM, ES_JAVA_HOME, "
                + "JAVA_HOME and /usr/lib/jvm). Install one, for example 'apt-get install openjdk-21-jdk-headless', "
                + "or set JAVA_HOME to it.");
    }

    /** The feature version of the JDK at {@code home}, read from its {@code release} file. */
    public static Optional<Integer> featureVersion(Path home) {
        if (!Files.isExecutable(home.resolve("bin/java"))) {
            return Optional.empty();
        }
        try {
            Matcher m = VERSION.matcher(Files.readString(home.resolve("release")));
            return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
