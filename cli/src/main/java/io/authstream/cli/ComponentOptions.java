package io.authstream.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every long-running component command takes (a picocli mixin): its configuration
 * file, a masked print of the effective configuration, and the log format ({@link Main} reads
 * {@code --log-format} before picocli, so that logging is set up first; it is declared here so
 * that the option parses and shows in the help).
 */
final class ComponentOptions {
    @Option(names = {"-c", "--config"}, description = "Configuration file, YAML or properties (every key in "
            + "docs/configuration.md); AUTHSTREAM_* environment variables override it.")
    Path config;

    @Option(names = "--print-config", description = "Print the effective configuration (secrets masked) and exit.")
    boolean printConfig;

    @Option(names = "--log-format", description = "console or json (default: console).")
    String logFormat;
}
