package io.authstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The dashboard is importable and the alert rules are well formed, checked without Grafana or
 * Prometheus; that their metrics exist is {@link MonitoringMetricsIT}'s job.
 */
class MonitoringFilesTest {
    private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");

    @Test
    void metricNamesAreWhatIsLeftOfAnExpressionWithoutFunctionsLabelsAndRanges() {
        assertThat(MonitoringFiles.metricNames("histogram_quantile(0.99, sum by (le, stream) "
                + "(rate(authstream_ingest_kafka_produce_seconds_bucket{stream=~\"$stream\", x=\"a{b}\"}[$__rate_interval])))"))
                .containsExactly("authstream_ingest_kafka_produce_seconds_bucket");
        assertThat(MonitoringFiles.metricNames("time() - max(authstream_retention_last_success) > 2 * 86400 and "
                + "max(authstream_retention_last_success) > 0"))
                .containsExactly("authstream_retention_last_success");
        assertThat(MonitoringFiles.metricNames("deriv(sum(a_lag)[15m:1m]) > 0 unless on (instance) up == 0"))
                .containsExactlyInAnyOrder("a_lag", "up");
    }

    @Test
    void theDashboardHasADataSourceAndTenantAndStreamVariablesAndEveryPanelUsesTheDataSource() throws IOException {
        JsonNode d = MonitoringFiles.dashboard();
        List<String> vars = new ArrayList<>();
        d.path("templating").path("list").forEach(v -> vars.add(v.path("name").asText() + ":" + v.path("type").asText()));
        assertThat(vars).contains("datasource:datasource", "stream:query", "tenant:query");
        assertThat(d.path("uid").asText()).isNotEmpty();
        List<String> wrong = new ArrayList<>();
        d.path("panels").forEach(p -> {
            if (!p.path("type").asText().equals("row")) {
                if (!p.path("datasource").path("uid").asText().equals("${datasource}")) {
                    wrong.add(p.path("title").asText());
                }
                p.path("targets").forEach(t -> {
                    if (t.path("expr").asText().isBlank()) {
                        wrong.add(p.path("title").asText() + " (empty query)");
                    }
                });
            }
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void theDashboardCoversWhatOperatorsAskFor() throws IOException {
        Set<String> titles = new TreeSet<>();
        MonitoringFiles.dashboard().path("panels").forEach(p -> titles.add(p.path("title").asText().toLowerCase(Locale.ROOT)));
        for (String t : List.of("webhook requests by status", "events accepted / duplicate / rejected per stream",
                "kafka produce latency", "analyzer lag (events topic)", "alerts by rule", "deliveries",
                "failures and retries", "indexing rate", "bulk latency", "archive lag", "since the last successful run",
                "tenant health", "logins by outcome", "mfa challenges by outcome", "rate-limit hits by client and type")) {
            assertThat(titles).contains(t);
        }
        assertThat(MonitoringFiles.dashboardExpressions()).anyMatch(e -> e.contains("histogram_quantile") && e.contains("_bucket"));
    }

    @Test
    void everyRuleHasADurationASeverityASummaryADescriptionAndARunbookThatExists() throws IOException {
        String runbooks = Files.readString(MonitoringFiles.ROOT.resolve("docs/operations-monitoring.md"));
        Set<String> anchors = new TreeSet<>();
        runbooks.lines().filter(l -> l.startsWith("#")).forEach(l -> anchors.add(anchor(l.replaceFirst("^#+\\s*", ""))));
        List<String> wrong = new ArrayList<>();
        Set<String> names = new TreeSet<>();
        JsonNode groups = MonitoringFiles.rules().path("groups");
        assertThat(groups.size()).isPositive();
        groups.forEach(g -> {
            assertThat(g.path("name").asText()).isNotEmpty();
            g.path("rules").forEach(r -> {
                String a = r.path("alert").asText();
                if (!names.add(a)) {
                    wrong.add(a + ": defined twice");
                }
                if (!r.has("for") || !r.path("for").asText().matches("\\d+[smhdw]")) {
                    wrong.add(a + ": no for:");
                }
                if (!SEVERITIES.contains(r.path("labels").path("severity").asText())) {
                    wrong.add(a + ": severity " + r.path("labels").path("severity"));
                }
                for (String k : List.of("summary", "description")) {
                    if (r.path("annotations").path(k).asText().isBlank()) {
                        wrong.add(a + ": no " + k);
                    }
                }
                String runbook = r.path("annotations").path("runbook_url").asText();
                if (!runbook.startsWith("docs/operations-monitoring.md#")
                        || !anchors.contains(runbook.substring(runbook.indexOf('#') + 1))) {
                    wrong.add(a + ": runbook " + runbook + " is not a section of docs/operations-monitoring.md");
                }
            });
        });
        assertThat(wrong).isEmpty();
        assertThat(names).contains("AuthstreamIngestNotReady", "AuthstreamIngestServerErrors", "AuthstreamIngestBackpressure",
                "AuthstreamArchiveLagGrowing", "AuthstreamNotifierDeliveryFailures", "AuthstreamRetentionViolation",
                "AuthstreamRetentionNoRecentSuccess", "AuthstreamNoEventsFromStream");
    }

    /** GitHub's heading anchor: lower case, punctuation dropped, spaces as dashes. */
    private static String anchor(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }
}
