package io.authstream.cli;

/** Chooses console or JSON-lines logging before the first logger is created. */
final class Logging {
    private Logging() {
    }

    static void configure(String[] args) {
        String format = System.getenv("AUTHSTREAM_LOG_FORMAT");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--log-format") && i + 1 < args.length) {
                format = args[i + 1];
            } else if (args[i].startsWith("--log-format=")) {
                format = args[i].substring("--log-format=".length());
            }
        }
        if ("json".equalsIgnoreCase(format) && System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-json.xml");
        }
    }
}
