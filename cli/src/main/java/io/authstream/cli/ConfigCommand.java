package io.authstream.cli;

import io.authstream.schemas.config.Config;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code authstream config}: prints every configuration key the components read, with env names and defaults. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Lists every configuration key, its environment variable and its default.")
final class ConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--markdown", description = "Print a Markdown table (as in docs/configuration.md).")
    boolean markdown;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (Map.Entry<String, Map<String, String>> comp : ConfigKeys.byComponent().entrySet()) {
            if (markdown) {
                out.println("### " + comp.getKey());
                out.println();
                out.println("| key | environment variable | default |");
                out.println("|---|---|---|");
            } else {
                out.println("[" + comp.getKey() + "]");
            }
            comp.getValue().forEach((k, v) -> {
                String env = Config.envName(k.replace(".*", "").replace("<id>", "ID")) + (k.endsWith(".*") ? "_*" : "");
                if (markdown) {
                    out.println("| `" + k + "` | `" + env + "` | " + (v.isEmpty() ? "" : "`" + v + "`") + " |");
                } else {
                    out.printf("  %-50s %-60s %s%n", k, env, v);
                }
            });
            out.println();
        }
        out.flush();
        return 0;
    }
}
