package io.authstream.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code authstream} command. */
@Command(name = "authstream", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Turns Auth0 log streams into security alerts and a searchable, retention-controlled archive.",
        subcommands = {LocalCommand.class, IngestCommand.class, PullCommand.class, BackfillCommand.class, AnalyzeCommand.class, NotifyCommand.class, ArchiveCommand.class, KibanaCommand.class, RetentionCommand.class, ReplayCommand.class, RecallCommand.class, ConfigCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        Logging.configure(args);
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (tests run it in-process). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("authstream: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            org.slf4j.LoggerFactory.getLogger(Main.class).debug("command failed", ex);
            return 1;
        });
        return cl;
    }

    /** Version from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("/authstream-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"authstream " + p.getProperty("version", "unknown"),
                    "Kafka " + p.getProperty("kafka", "?") + ", Elasticsearch " + p.getProperty("elasticsearch", "?"),
                    "JVM " + Runtime.version()};
        }
    }
}
