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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests in {@code deploy/kubernetes} are checked against the code, statically
 * (no cluster here): every probe asks a health endpoint on a declared port, every port is the
 * component's documented default, every {@code AUTHSTREAM_*} variable is a key some component reads,
 * every container runs a real subcommand, and no secret value is written down.
 */
class KubernetesManifestsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DIR = ROOT.resolve("deploy/kubernetes");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String CONFIG_PATH = "/etc/authstream/authstream.yml";
    /** The documented operations port of each component (docs/deployment.md#ports). */
    private static final Map<String, Integer> OPS_PORTS = Map.of("ingest", 8081, "archive", 9402, "analyzer", 9403,
            "notifier", 9404, "retention", 9405, "pull", 9406);
    private static final int WEBHOOK_PORT = 8080;
    private static final JsonNode MISSING = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    private static final Map<String, String> PROBES = Map.of("startupProbe", "/health/startup",
            "livenessProbe", "/health/live", "readinessProbe", "/health/ready");
    /** Variables read outside the configuration reference (logging is set up before the config loads). */
    private static final Set<String> NOT_CONFIG_KEYS = Set.of("AUTHSTREAM_LOG_FORMAT", "AUTHSTREAM_LOG_LEVEL");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(TOKEN|PASSWORD|SECRET|SALT|ROUTING_KEY|API_KEY|DESTINATIONS_[A-Z0-9_]+_URL).*");

    /** A container of a Deployment or StatefulSet, with the component it runs. */
    private record Container(String workload, String component, JsonNode pod, JsonNode spec) {
        String name() {
            return workload + "/" + spec.path("name").asText();
        }

        Map<String, Integer> ports() {
            Map<String, Integer> out = new TreeMap<>();
            spec.path("ports").forEach(p -> out.put(p.path("name").asText(), p.path("containerPort").asInt()));
            return out;
        }

        Map<String, JsonNode> env() {
            Map<String, JsonNode> out = new TreeMap<>();
            spec.path("env").forEach(e -> out.put(e.path("name").asText(), e));
            return out;
        }

        List<String> args() {
            List<String> out = new ArrayList<>();
            spec.path("args").forEach(a -> out.add(a.asText()));
            return out;
        }
    }

    @Test
    void kustomizationListsEveryManifestAndOnlyExistingOnes() throws IOException {
        JsonNode k = YAML.readTree(DIR.resolve("kustomization.yaml").toFile());
        Set<String> listed = new TreeSet<>();
        k.path("resources").forEach(r -> listed.add(r.asText()));
        Set<String> present = new TreeSet<>();
        try (Stream<Path> files = Files.list(DIR)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
                    .forEach(present::add);
        }
        assertThat(listed).isEqualTo(present);
        List<String> generated = new ArrayList<>();
        k.path("configMapGenerator").forEach(g -> g.path("files").forEach(f -> generated.add(f.asText())));
        assertThat(generated).containsExactly("authstream.yml");
        JsonNode monitoring = YAML.readTree(DIR.resolve("monitoring/kustomization.yaml").toFile());
        monitoring.path("resources").forEach(r -> assertThat(DIR.resolve("monitoring").resolve(r.asText())).exists());
    }

    @Test
    void everyComponentRunsAndTheAnalyzerKeepsItsStateOnAVolume() throws IOException {
        Map<String, String> kinds = new TreeMap<>();
        for (JsonNode d : documents()) {
            if (isWorkload(d)) {
                kinds.put(component(d), d.path("kind").asText());
            }
        }
        assertThat(kinds).containsOnlyKeys(OPS_PORTS.keySet());
        assertThat(kinds).containsEntry("analyzer", "StatefulSet");
        Container analyzer = containers().stream().filter(c -> c.component().equals("analyzer")).findFirst().orElseThrow();
        String stateDir = analyzer.env().get("AUTHSTREAM_ANALYZER_STATE_DIR").path("value").asText();
        JsonNode sts = documents().stream().filter(d -> d.path("kind").asText().equals("StatefulSet")).findFirst().orElseThrow();
        String claim = sts.path("spec").path("volumeClaimTemplates").get(0).path("metadata").path("name").asText();
        assertThat(mountPath(analyzer, claim)).as("the state directory is the claimed volume").isEqualTo(stateDir);
        assertThat(sts.path("spec").path("serviceName").asText()).as("stable pod names: the default static member id")
                .isEqualTo(sts.path("metadata").path("name").asText());
    }

    @Test
    void everyProbeAsksItsHealthEndpointOnADeclaredPort() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Container c : containers()) {
            PROBES.forEach((probe, path) -> {
                JsonNode get = c.spec().path(probe).path("httpGet");
                if (!get.path("path").asText().equals(path)) {
                    wrong.add(c.name() + " " + probe + " asks " + get.path("path").asText() + ", not " + path);
                }
                JsonNode port = get.path("port");
                Integer resolved = port.isInt() ? Integer.valueOf(port.asInt()) : c.ports().get(port.asText());
                if (resolved == null || !c.ports().containsValue(resolved)) {
                    wrong.add(c.name() + " " + probe + " asks port " + port + ", which the container does not declare");
                } else if (resolved != OPS_PORTS.get(c.component()).intValue()) {
                    wrong.add(c.name() + " " + probe + " asks port " + resolved + ", not the operations port");
                }
            });
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void portsAreTheDocumentedDefaultsAndTheContainersListenOnThem() throws IOException {
        Map<String, Map<String, String>> reference = ConfigKeys.byComponent();
        for (Container c : containers()) {
            int ops = OPS_PORTS.get(c.component());
            Map<String, Integer> expected = c.component().equals("ingest")
                    ? Map.of("webhook", WEBHOOK_PORT, "ops", ops) : Map.of("ops", ops);
            assertThat(c.ports()).as(c.name()).isEqualTo(expected);
            String opsKey = c.component() + ".ops.port";
            assertThat(c.env().getOrDefault(Config.envName(opsKey), MISSING).path("value").asText()).as(c.name() + " " + opsKey)
                    .isEqualTo(String.valueOf(ops));
            assertThat(reference.getOrDefault(c.component(), Map.of()).get(opsKey)).as("the code's default of " + opsKey)
                    .isEqualTo(String.valueOf(ops));
            assertThat(c.env().getOrDefault("AUTHSTREAM_OPS_HOST", MISSING).path("value").asText()).as(c.name() + " listens beyond loopback")
                    .isEqualTo("0.0.0.0");
        }
        assertThat(Integer.parseInt(ConfigKeys.byComponent().get("ingest").get("ingest.http.port"))).isEqualTo(WEBHOOK_PORT);
        for (JsonNode s : documents()) {
            if (s.path("kind").asText().equals("Service")) {
                JsonNode workload = workloadFor(s);
                List<String> names = new ArrayList<>();
                workload.path("spec").path("template").path("spec").path("containers").get(0).path("ports")
                        .forEach(p -> names.add(p.path("name").asText()));
                s.path("spec").path("ports").forEach(p ->
                        assertThat(names).as("Service %s targets a named container port", s.path("metadata").path("name"))
                                .contains(p.path("targetPort").asText()));
            }
        }
    }

    @Test
    void everyVariableIsAConfigurationKeyTheCodeReads() throws IOException {
        Set<String> known = new TreeSet<>();
        ConfigKeys.byComponent().values().forEach(m -> known.addAll(m.keySet()));
        List<String> unknown = new ArrayList<>();
        for (Container c : containers()) {
            for (String var : c.env().keySet()) {
                if (!var.startsWith("AUTHSTREAM_") || NOT_CONFIG_KEYS.contains(var) || var.startsWith("AUTHSTREAM_KAFKA_")) {
                    continue;
                }
                String name = var.endsWith(Config.FILE_SUFFIX) ? var.substring(0, var.length() - Config.FILE_SUFFIX.length()) : var;
                if (known.stream().noneMatch(k -> envPattern(k).matcher(name).matches())) {
                    unknown.add(c.name() + ": " + var);
                }
            }
        }
        assertThat(unknown).as("variables no component reads (a typo is silently ignored)").isEmpty();
    }

    @Test
    void everyContainerRunsARealSubcommandOnTheMountedConfiguration() throws IOException {
        for (Container c : containers()) {
            List<String> args = c.args();
            assertThat(c.spec().path("image").asText()).as(c.name()).startsWith("authstream:");
            // picocli rejects an unknown subcommand or option, as the container's entry point would
            Main.commandLine().parseArgs(args.toArray(String[]::new));
            assertThat(args).as(c.name()).containsSubsequence("--config", CONFIG_PATH);
            assertThat(mountPath(c, "config")).isEqualTo(Path.of(CONFIG_PATH).getParent().toString());
            assertThat(c.pod().path("volumes").findValuesAsText("name")).contains("authstream-config");
        }
    }

    @Test
    void noSecretValueIsWrittenDown() throws IOException {
        Set<String> secretKeys = new TreeSet<>();
        ConfigKeys.byComponent().values().forEach(m -> m.forEach((k, v) -> {
            if (v.equals("(secret)")) {
                secretKeys.add(k);
            }
        }));
        List<String> literal = new ArrayList<>();
        for (Container c : containers()) {
            c.env().forEach((var, e) -> {
                boolean secret = SECRET_NAME.matcher(var).matches()
                        || secretKeys.stream().anyMatch(k -> envPattern(k).matcher(var).matches());
                if (secret && !e.path("valueFrom").has("secretKeyRef") && !var.endsWith(Config.FILE_SUFFIX)) {
                    literal.add(c.name() + ": " + var);
                }
            });
        }
        assertThat(literal).as("secret variables not taken from a Secret").isEmpty();
        assertThat(documents()).noneMatch(d -> d.path("kind").asText().equals("Secret"));
        assertThat(YAML.readTree(DIR.resolve("kustomization.yaml").toFile()).has("secretGenerator")).isFalse();
    }

    @Test
    void podsRunAsNonRootOnAReadOnlyRootWithLimitsAndADisruptionBudget() throws IOException {
        Set<String> budgets = new TreeSet<>();
        documents().stream().filter(d -> d.path("kind").asText().equals("PodDisruptionBudget"))
                .forEach(d -> budgets.add(d.path("spec").path("selector").path("matchLabels").path("app.kubernetes.io/name").asText()));
        for (Container c : containers()) {
            assertThat(c.pod().path("securityContext").path("runAsNonRoot").asBoolean()).as(c.name()).isTrue();
            assertThat(c.spec().path("securityContext").path("readOnlyRootFilesystem").asBoolean()).as(c.name()).isTrue();
            assertThat(c.spec().path("securityContext").path("allowPrivilegeEscalation").asBoolean(true)).as(c.name()).isFalse();
            assertThat(mountPath(c, "tmp")).as(c.name() + " has a writable /tmp").isEqualTo("/tmp");
            for (String r : List.of("requests", "limits")) {
                assertThat(c.spec().path("resources").path(r).has("cpu") && c.spec().path("resources").path(r).has("memory"))
                        .as(c.name() + " " + r).isTrue();
            }
            assertThat(budgets).as(c.name()).contains(c.workload());
        }
    }

    @Test
    void theMountedConfigurationLoadsInEveryComponentAndNamesOnlyKnownKeys() throws IOException {
        Path file = DIR.resolve("authstream.yml");
        Map<String, String> secrets = Map.of("AUTHSTREAM_INGEST_STREAMS_MAIN_TOKENS", "example-token-0123456789abcdef",
                "AUTHSTREAM_ARCHIVE_ELASTICSEARCH_PASSWORD", "example-password",
                "AUTHSTREAM_RETENTION_ELASTICSEARCH_PASSWORD", "example-password",
                "AUTHSTREAM_RETENTION_ERASURE_SALT", "example-salt-0123456789");
        Config c = Config.load(file, secrets);
        IngestConfig.from(c);
        AnalyzerConfig.from(c);
        NotifierConfig.from(c);
        ArchiveConfig.from(c);
        RetentionConfig.from(c);
        Set<String> known = new TreeSet<>();
        ConfigKeys.byComponent().values().forEach(m -> known.addAll(m.keySet()));
        Map<String, String> flat = new HashMap<>();
        flatten("", YAML.readTree(file.toFile()), flat);
        assertThat(flat.keySet().stream().filter(k -> !k.startsWith("kafka."))
                .filter(k -> known.stream().noneMatch(n -> Pattern.compile(Pattern.quote(n).replace("<id>", "\\E[a-z0-9-]+\\Q"))
                        .matcher(k).matches())).toList()).isEmpty();
    }

    @Test
    void theServiceMonitorScrapesTheOpsPortOfEveryService() throws IOException {
        JsonNode sm = YAML.readTree(DIR.resolve("monitoring/servicemonitor.yaml").toFile());
        JsonNode selector = sm.path("spec").path("selector").path("matchLabels");
        assertThat(sm.path("spec").path("endpoints").get(0).path("port").asText()).isEqualTo("ops");
        assertThat(sm.path("spec").path("endpoints").get(0).path("path").asText()).isEqualTo("/metrics");
        List<JsonNode> services = documents().stream().filter(d -> d.path("kind").asText().equals("Service")).toList();
        assertThat(services).hasSize(OPS_PORTS.size());
        for (JsonNode s : services) {
            selector.properties().forEach(e -> assertThat(s.path("metadata").path("labels").path(e.getKey()).asText())
                    .isEqualTo(e.getValue().asText()));
            assertThat(s.path("spec").path("ports").findValuesAsText("name")).contains("ops");
        }
    }

    private static String mountPath(Container c, String volume) {
        for (JsonNode m : c.spec().path("volumeMounts")) {
            if (m.path("name").asText().equals(volume)) {
                return m.path("mountPath").asText();
            }
        }
        return null;
    }

    private static boolean isWorkload(JsonNode d) {
        return Set.of("Deployment", "StatefulSet").contains(d.path("kind").asText());
    }

    private static String component(JsonNode d) {
        return d.path("metadata").path("labels").path("app.kubernetes.io/component").asText();
    }

    private static JsonNode workloadFor(JsonNode service) throws IOException {
        String app = service.path("spec").path("selector").path("app.kubernetes.io/name").asText();
        return documents().stream().filter(KubernetesManifestsTest::isWorkload)
                .filter(d -> d.path("metadata").path("name").asText().equals(app)).findFirst()
                .orElseThrow(() -> new AssertionError("no workload for Service selector " + app));
    }

    private static List<Container> containers() throws IOException {
        List<Container> out = new ArrayList<>();
        for (JsonNode d : documents()) {
            if (isWorkload(d)) {
                JsonNode pod = d.path("spec").path("template").path("spec");
                pod.path("containers").forEach(c -> out.add(new Container(d.path("metadata").path("name").asText(),
                        component(d), pod, c)));
            }
        }
        assertThat(out).hasSize(OPS_PORTS.size());
        return out;
    }

    /** Every document of every manifest listed in the kustomization. */
    private static List<JsonNode> documents() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode r : YAML.readTree(DIR.resolve("kustomization.yaml").toFile()).path("resources")) {
            try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(DIR.resolve(r.asText()).toFile())) {
                while (it.hasNext()) {
                    JsonNode d = it.next();
                    if (d != null && !d.isMissingNode() && !d.isEmpty()) {
                        out.add(d);
                    }
                }
            }
        }
        return out;
    }

    private static Pattern envPattern(String key) {
        return Pattern.compile(Pattern.quote(Config.envName(key)).replace("<ID>", "\\E[A-Z0-9_]+\\Q"));
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out));
        } else {
            out.put(prefix, node.asText());
        }
    }
}
