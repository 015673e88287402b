package io.authstream.ops;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The authstream version, from {@code build.properties} (filled in by the Maven build), else the jar manifest. */
public final class BuildInfo {
    private static final String VERSION = load();

    private BuildInfo() {
    }

    public static String version() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                if (!v.isBlank() && !v.startsWith("${")) {
                    return v.strip();
                }
            }
        } catch (IOException e) {
            // fall back to the manifest
        }
        String v = BuildInfo.class.getPackage().getImplementationVersion();
        return v == null ? "unknown" : v;
    }
}
