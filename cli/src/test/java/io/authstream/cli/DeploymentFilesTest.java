package io.authstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.authstream.analyzer.AnalyzerConfig;
import io.authstream.analyzer.notify.NotifierConfig;
import io.authstream.archive.ArchiveConfig;
import io.authstream.ingest.IngestConfig;
import io.authstream.retention.RetentionConfig;
import io.authstream.schemas.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The deployment files are checked statically, since no Docker engine runs here: the Dockerfile
 * copies only files that exist, the example configuration it ships loads with the real loader and
 * names only keys the code reads, and every variable, port and path in docker-compose.yml matches
 * the code. The compose stack itself runs in {@link ComposeDeploymentIT} where an engine exists.
 */
class DeploymentFilesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path EXAMPLE = ROOT.resolve("docs/examples/authstream.yml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Secrets the example leaves to the environment, as a deployment would give them. */
    private static final Map<String, String> SECRETS = Map.of(
            "AUTHSTREAM_INGEST_STREAMS_MAIN_TOKENS", "example-token-0123456789abcdef",
            "AUTHSTREAM_ARCHIVE_ELASTICSEARCH_PASSWORD", "example-password",
            "AUTHSTREAM_RETENTION_ELASTICSEARCH_PASSWORD", "example-password",
            "AUTHSTREAM_RETENTION_ERASURE_SALT", "example-salt-0123456789");

    @Test
    void everyDockerfileCopySourceExists() throws IOException {
        List<String> missing = new ArrayList<>();
        for (String line : Files.readAllLines(ROOT.resolve("Dockerfile"))) {
            String l = line.strip();
            if (!(l.startsWith("COPY ") || l.startsWith("ADD ")) || l.contains("--from=")) {
                continue;
            }
            String[] parts = l.split("\\s+");
            for (int i = 1; i < parts.length - 1; i++) {
                if (!parts[i].startsWith("--") && !Files.exists(ROOT.resolve(parts[i]))) {
                    missing.add(parts[i]);
                }
            }
        }
        assertThat(missing).as("COPY/ADD sources missing from the repository").isEmpty();
    }

    @Test
    void dockerfileShipsTheExampleConfigurationWhereComposeReadsIt() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertThat(dockerfile).contains("COPY docs/examples/authstream.yml /etc/authstream/authstream.yml");
        for (Map.Entry<String, JsonNode> s : authstreamServices().entrySet()) {
            List<String> command = new ArrayList<>();
            s.getValue().path("command").forEach(n -> command.add(n.asText()));
            if (!command.get(0).equals("kibana")) {
                assertThat(command).as("service %s reads the shipped configuration", s.getKey())
                        .containsSubsequence("--config", "/etc/authstream/authstream.yml");
            }
        }
    }

    @Test
    void exampleConfigurationLoadsInEveryComponent() {
        Config c = Config.load(EXAMPLE, SECRETS);
        IngestConfig ingest = IngestConfig.from(c);
        AnalyzerConfig.from(c);
        NotifierConfig.from(c);
        ArchiveConfig.from(c);
        RetentionConfig.from(c);
        assertThat(ingest.toString()).doesNotContain("example-token-0123456789abcdef");
    }

    @Test
    void exampleConfigurationNamesOnlyKeysTheCodeReads() throws IOException {
        Set<String> known = knownKeys();
        Map<String, String> flat = new HashMap<>();
        flatten("", YAML.readTree(EXAMPLE.toFile()), flat);
        List<String> unknown = flat.keySet().stream()
                .filter(k -> !k.startsWith("kafka.") && !matchesKnown(k, known))
                .sorted().toList();
        assertThat(unknown).as("keys in docs/examples/authstream.yml that no component reads").isEmpty();
    }

    @Test
    void exposedPortsAreTheConfiguredOnes() throws IOException {
        Config c = Config.load(EXAMPLE, SECRETS);
        Set<Integer> configured = Set.of(IngestConfig.from(c).http().port(), IngestConfig.from(c).ops().port(),
                ArchiveConfig.from(c).opsPort(), OpsKeys.address(c, "analyzer").port(), OpsKeys.address(c, "notifier").port(),
                OpsKeys.address(c, "retention").port(), OpsKeys.address(c, "pull").port());
        Matcher m = Pattern.compile("(?m)^EXPOSE\\s+(.+)$").matcher(Files.readString(ROOT.resolve("Dockerfile")));
        assertThat(m.find()).isTrue();
        Set<Integer> exposed = Set.of(m.group(1).strip().split("\\s+")).stream().map(Integer::valueOf).collect(Collectors.toSet());
        assertThat(exposed).isEqualTo(configured);
    }

    @Test
    void everyComposeVariableIsAConfigurationKey() throws IOException {
        Set<String> known = knownKeys();
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, JsonNode> s : authstreamServices().entrySet()) {
            s.getValue().path("environment").fieldNames().forEachRemaining(var -> {
                if (var.startsWith("AUTHSTREAM_KAFKA_") || var.equals("AUTHSTREAM_LOG_FORMAT") || var.equals("AUTHSTREAM_LOG_LEVEL")) {
                    return;
                }
                boolean ok = known.stream().anyMatch(k -> envPattern(k).matcher(var).matches());
                if (!ok) {
                    unknown.add(s.getKey() + ": " + var);
                }
            });
        }
        assertThat(unknown).as("compose variables that no component reads (a typo is silently ignored)").isEmpty();
    }

    @Test
    void operationsEndpointsListenOnAllInterfacesInContainers() throws IOException {
        assertThat(Files.readString(ROOT.resolve("Dockerfile"))).containsPattern("(?m)^ENV AUTHSTREAM_OPS_HOST=0\\.0\\.0\\.0$");
        for (Map.Entry<String, JsonNode> s : authstreamServices().entrySet()) {
            if (s.getValue().has("environment") && !s.getKey().startsWith("kibana")) {
                assertThat(s.getValue().path("environment").path("AUTHSTREAM_OPS_HOST").asText()).as(s.getKey()).isEqualTo("0.0.0.0");
            }
        }
        Config c = Config.load(EXAMPLE, SECRETS);
        assertThat(IngestConfig.from(c).ops().host()).isEqualTo("0.0.0.0");
        assertThat(OpsKeys.host(c, "archive")).isEqualTo("0.0.0.0");
    }

    @Test
    void composeHealthChecksProbeTheConfiguredOperationsPorts() throws IOException {
        Map<String, JsonNode> services = authstreamServices();
        Map<String, String> prefixes = Map.of("ingest", "INGEST", "archive", "ARCHIVE", "analyzer", "ANALYZER", "notifier", "NOTIFIER",
                "retention", "RETENTION");
        prefixes.forEach((service, prefix) -> {
            JsonNode s = services.get(service);
            int port = envInt(s, "AUTHSTREAM_" + prefix + "_OPS_PORT");
            assertThat(healthPort(s)).as(service + " health check").isEqualTo(port);
            List<String> exposed = new ArrayList<>();
            s.path("expose").forEach(n -> exposed.add(n.asText()));
            assertThat(exposed).as(service + " exposes its operations port").contains(String.valueOf(port));
        });
        assertThat(services.get("ingest").path("ports").get(0).asText())
                .endsWith(":" + envInt(services.get("ingest"), "AUTHSTREAM_INGEST_HTTP_PORT"));
    }

    @Test
    void composeRequiresEverySecretInsteadOfAPlaceholder() throws IOException {
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        Matcher m = Pattern.compile("\\$\\{([A-Z_]+)(:?-)[^}]*}").matcher(compose);
        List<String> defaulted = new ArrayList<>();
        while (m.find()) {
            if (m.group(1).matches(".*(PASSWORD|TOKEN|SALT|KEY|SECRET|URL).*")) {
                defaulted.add(m.group());
            }
        }
        assertThat(defaulted).as("secrets with a default value in docker-compose.yml").isEmpty();
    }

    @Test
    void retentionDoesNotDeleteOnAPlainUp() throws IOException {
        JsonNode retention = compose().path("services").path("retention");
        List<String> profiles = new ArrayList<>();
        retention.path("profiles").forEach(n -> profiles.add(n.asText()));
        assertThat(profiles).as("the deleting service is opt-in").isNotEmpty();
    }

    private static int healthPort(JsonNode service) {
        StringBuilder test = new StringBuilder();
        service.path("healthcheck").path("test").forEach(n -> test.append(n.asText()).append(' '));
        Matcher m = Pattern.compile("/dev/tcp/127\\.0\\.0\\.1/(\\d+)").matcher(test);
        assertThat(m.find()).as("health check probes a TCP port").isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static int envInt(JsonNode service, String var) {
        return Integer.parseInt(service.path("environment").path(var).asText());
    }

    /** The compose file as Compose reads it: SnakeYAML resolves the anchors and {@code <<} merge keys. */
    private static JsonNode compose() throws IOException {
        try (var in = Files.newInputStream(ROOT.resolve("docker-compose.yml"))) {
            Object tree = new org.yaml.snakeyaml.Yaml().load(in);
            return YAML.valueToTree(tree);
        }
    }

    /** Services run from our image. */
    private static Map<String, JsonNode> authstreamServices() throws IOException {
        Map<String, JsonNode> out = new java.util.TreeMap<>();
        compose().path("services").properties().forEach(e -> {
            if (e.getValue().path("image").asText().startsWith("authstream")) {
                out.put(e.getKey(), e.getValue());
            }
        });
        assertThat(out).containsKeys("ingest", "analyzer", "notifier", "archive", "retention");
        return out;
    }

    private static Set<String> knownKeys() {
        Set<String> keys = new TreeSet<>();
        ConfigKeys.byComponent().values().forEach(m -> keys.addAll(m.keySet()));
        return keys;
    }

    private static boolean matchesKnown(String key, Set<String> known) {
        return known.stream().anyMatch(k -> Pattern.compile(Pattern.quote(k).replace("<id>", "\\E[a-z0-9-]+\\Q")).matcher(key).matches());
    }

    private static Pattern envPattern(String key) {
        String env = Config.envName(key);
        return Pattern.compile(Pattern.quote(env).replace("<ID>", "\\E[A-Z0-9_]+\\Q"));
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out));
        } else {
            out.put(prefix, node.asText());
        }
    }
}
