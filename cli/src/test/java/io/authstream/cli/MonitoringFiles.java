package io.authstream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Grafana dashboard and the Prometheus rules, and the metric names their expressions use. */
final class MonitoringFiles {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path DASHBOARD = ROOT.resolve("deploy/grafana/authstream.json");
    static final Path RULES = ROOT.resolve("deploy/prometheus/authstream-rules.yml");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** PromQL words that look like names but are operators or modifiers. */
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "offset", "bool", "inf", "nan", "atan2");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private MonitoringFiles() {
    }

    static JsonNode dashboard() throws IOException {
        return JSON.readTree(DASHBOARD.toFile());
    }

    static JsonNode rules() throws IOException {
        return YAML.readTree(RULES.toFile());
    }

    /** Every PromQL expression of the dashboard's panels (rows included). */
    static List<String> dashboardExpressions() throws IOException {
        List<String> out = new ArrayList<>();
        dashboard().path("panels").forEach(p -> {
            p.path("targets").forEach(t -> out.add(t.path("expr").asText()));
            p.path("panels").forEach(inner -> inner.path("targets").forEach(t -> out.add(t.path("expr").asText())));
        });
        return out;
    }

    static List<String> ruleExpressions() throws IOException {
        List<String> out = new ArrayList<>();
        rules().path("groups").forEach(g -> g.path("rules").forEach(r -> out.add(r.path("expr").asText())));
        return out;
    }

    /** Metric names the dashboard (panels and variable queries) and the rules use. */
    static Set<String> metricNamesUsed() throws IOException {
        Set<String> out = new TreeSet<>();
        dashboardExpressions().forEach(e -> out.addAll(metricNames(e)));
        ruleExpressions().forEach(e -> out.addAll(metricNames(e)));
        for (JsonNode v : dashboard().path("templating").path("list")) {
            Matcher m = LABEL_VALUES.matcher(v.path("query").path("query").asText(v.path("query").asText()));
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /**
     * The metric names in one PromQL expression: what is left once strings, label matchers, range
     * selectors, grouping clauses and function calls are taken out.
     */
    static Set<String> metricNames(String expr) {
        String s = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> out = new TreeSet<>();
        Matcher m = NAME.matcher(s);
        while (m.find()) {
            String n = m.group();
            boolean call = s.substring(m.end()).matches("(?s)\\s*\\(.*");
            boolean partOfNumber = m.start() > 0 && Character.isDigit(s.charAt(m.start() - 1));
            if (!call && !partOfNumber && !KEYWORDS.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }
}
