package io.authstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.schemas.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Code, docs and the compose file must agree on configuration keys. */
class ConfigReferenceTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| `[^`]+` \\| (?:`([^`]*)`)? \\|$");
    /** Variables read by the launcher rather than by a component's configuration. */
    private static final Set<String> LAUNCHER_VARIABLES = Set.of("AUTHSTREAM_LOG_FORMAT", "AUTHSTREAM_LOG_LEVEL",
            "AUTHSTREAM_DATA_DIR", "AUTHSTREAM_JAVA_OPTS", "AUTHSTREAM_REPLAY_TOKEN");

    private static Map<String, String> documented() throws Exception {
        Map<String, String> out = new java.util.TreeMap<>();
        for (String line : Files.readAllLines(Path.of("../docs/configuration.md"))) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                out.put(m.group(1), m.group(2) == null ? "" : m.group(2));
            }
        }
        return out;
    }

    private static Map<String, String> inCode() {
        Map<String, String> out = new java.util.TreeMap<>();
        ConfigKeys.byComponent().values().forEach(out::putAll);
        return out;
    }

    @Test
    void everyKeyTheCodeReadsIsDocumentedWithItsDefault() throws Exception {
        Map<String, String> docs = documented();
        assertThat(docs).as("docs/configuration.md is out of date: regenerate with 'authstream config --markdown'")
                .containsAllEntriesOf(inCode());
    }

    @Test
    void everyDocumentedKeyIsReadByTheCode() throws Exception {
        assertThat(inCode().keySet()).as("docs/configuration.md lists keys no component reads")
                .containsAll(documented().keySet());
    }

    @Test
    void everyVariableTheComposeFileSetsIsAKeyTheCodeReads() throws Exception {
        Set<String> known = new HashSet<>(LAUNCHER_VARIABLES);
        List<String> passThroughPrefixes = new java.util.ArrayList<>();
        List<Pattern> idKeys = new java.util.ArrayList<>();
        for (String key : inCode().keySet()) {
            if (key.endsWith(".*")) {
                passThroughPrefixes.add(Config.envName(key.substring(0, key.length() - 2)) + "_");
            } else if (key.contains("<id>")) {
                idKeys.add(java.util.regex.Pattern.compile(Pattern.quote(Config.envName(key.replace("<id>", "ID")))
                        .replace("_ID_", "\\E_[A-Z0-9]+_\\Q")));
            } else {
                known.add(Config.envName(key));
            }
        }
        String compose = Files.readString(Path.of("../docker-compose.yml"));
        Matcher m = Pattern.compile("\\b(AUTHSTREAM_[A-Z0-9_]+)\\s*:").matcher(compose);
        Set<String> used = new java.util.TreeSet<>();
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(used).as("variables in docker-compose.yml").isNotEmpty();
        assertThat(used).allSatisfy(v -> assertThat(known.contains(v) || passThroughPrefixes.stream().anyMatch(v::startsWith)
                || idKeys.stream().anyMatch(p -> p.matcher(v).matches()))
                .as(v + " is not a configuration key of any component").isTrue());
    }
}
