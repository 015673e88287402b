package io.authstream.cli;

import io.authstream.archive.kibana.KibanaSavedObjects;
import io.authstream.schemas.config.Config;
import io.authstream.schemas.index.IndexLayout;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code authstream kibana}: Kibana saved objects for the archive. Wiring only. */
@Command(name = "kibana", mixinStandardHelpOptions = true, description = "Kibana data views, saved searches and dashboard for the archive.",
        subcommands = {KibanaCommand.Import.class, KibanaCommand.Export.class})
final class KibanaCommand {

    /** {@code authstream kibana import --url http://kibana:5601}. */
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Loads the bundled saved objects through Kibana's saved-objects API (overwriting earlier copies). "
                    + "Credentials: kibana.username + kibana.password, or kibana.api-key, in the config file or AUTHSTREAM_KIBANA_* variables.")
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--url", required = true, description = "Kibana base URL, e.g. http://127.0.0.1:5601")
        URI url;

        @Option(names = "--space", description = "Kibana space id (default: the default space).")
        String space;

        @Option(names = "--config", description = "Configuration file; archive.index-prefix sets the data-view patterns.")
        Path config;

        @Override
        public Integer call() throws Exception {
            Config c = Config.load(config);
            KibanaSettings k = KibanaSettings.from(c);
            IndexLayout layout = new IndexLayout(k.indexPrefix(), Map.of());
            KibanaSavedObjects.ImportResult r = KibanaSavedObjects.importTo(url, KibanaSavedObjects.forLayout(layout),
                    Optional.ofNullable(space), k.username(), k.password(), k.apiKey());
            PrintWriter out = spec.commandLine().getOut();
            if (r.success()) {
                out.println("Imported " + r.successCount() + " saved objects into " + url
                        + " (data views " + layout.eventIndexPattern() + ", " + layout.alertIndexPattern() + ").");
                return 0;
            }
            spec.commandLine().getErr().println("Kibana refused the import (HTTP " + r.status() + "): " + r.body());
            return 1;
        }
    }

    /** {@code authstream kibana export}: prints the NDJSON, e.g. for Kibana's UI import. */
    @Command(name = "export", mixinStandardHelpOptions = true, description = "Prints the saved objects as NDJSON.")
    static final class Export implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--index-prefix", description = "Index prefix (default: ${DEFAULT-VALUE}).")
        String prefix = "auth0-";

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(KibanaSavedObjects.forLayout(new IndexLayout(prefix, Map.of())));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** What {@code kibana import} reads from the configuration. */
    record KibanaSettings(String indexPrefix, Optional<String> username, Optional<io.authstream.schemas.config.Secret> password,
                          Optional<io.authstream.schemas.config.Secret> apiKey) {
        static KibanaSettings from(Config c) {
            return new KibanaSettings(c.string("archive.index-prefix", "auth0-"), c.get("kibana.username"),
                    c.secret("kibana.password"), c.secret("kibana.api-key"));
        }

        @Override
        public String toString() {
            return "KibanaSettings[prefix=" + indexPrefix + ", username=" + username.orElse("") + ", password=****, apiKey=****]";
        }
    }
}
