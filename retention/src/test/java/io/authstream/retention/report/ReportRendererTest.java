package io.authstream.retention.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstream.retention.audit.ChainHead;
import io.authstream.retention.es.Es;
import io.authstream.schemas.catalogue.RetentionClass;
import io.authstream.schemas.record.RetentionReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportRendererTest {
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    private static RetentionReport report() {
        return new RetentionReport("r-1", NOW, "policy-7", "alice", NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofHours(3)),
                List.of(new RetentionReport.ClassStatus(RetentionClass.SECURITY, Duration.ofDays(400), Map.of(), Duration.ofDays(1),
                                1_234_567, 3L << 30, 14, Duration.ofDays(399), 0, null, 12, RetentionReport.Status.COMPLIANT,
                                new RetentionReport.Deletions(1, 40_000, 3)),
                        new RetentionReport.ClassStatus(RetentionClass.ACTIVITY, Duration.ofDays(90), Map.of("acme", Duration.ofDays(30)),
                                Duration.ofDays(1), 500, 2048, 13, Duration.ofDays(95), 42, Duration.ofDays(5), 0,
                                RetentionReport.Status.VIOLATION, RetentionReport.Deletions.NONE)),
                List.of(new RetentionReport.HoldStatus("INC-1", "fraud | chargeback", NOW, "bob", "user.id=u1", 77)),
                new RetentionReport.ShardBudget(850, 1000));
    }

    @Test
    void markdownStatesTheVerdictPerClassWithLimitsHoldsAndShards() {
        String md = ReportRenderer.markdown(report());
        assertThat(md).contains("Overall: **VIOLATION**")
                .contains("| security | 400d | 399.0 d | 1,234,567 | 3.0 GiB | 14 | compliant | 12 | 1 / 40,000 / 3 |")
                .contains("| activity | 90d (acme 30d) | 95.0 d | 500 | 2.0 KiB | 13 | **violation**: 42 docs, oldest 5.0 d beyond the limit |")
                .contains("| INC-1 | fraud \\| chargeback |")
                .contains("850 open shards of a budget of 1000 (85.0 %) — **over 80 %");
    }

    @Test
    void csvHasAHeaderAndOneRowPerClass() {
        List<String> lines = ReportRenderer.csv(report()).lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("report_id,generated_at,policy_version,class,limit_days");
        assertThat(lines.get(2)).contains(",activity,90.0,95.0,500,2048,13,violation,42,5.0,0,0,0,0,");
    }

    @Test
    void rejectsAnUnknownFormatWithTheChoices() {
        assertThatThrownBy(() -> ReportRenderer.Format.of("pdf")).hasMessageContaining("markdown, json or csv");
    }

    @Test
    void markdownAndJsonQuoteTheAuditChainHead() throws Exception {
        ChainHead head = new ChainHead(42, "sha256:" + "ab".repeat(32));
        assertThat(ReportRenderer.render(report(), ReportRenderer.Format.MARKDOWN, head))
                .contains("- Audit chain head: sequence 42, `sha256:abab")
                .contains("Overall: **VIOLATION**");
        var json = Es.JSON.readTree(ReportRenderer.render(report(), ReportRenderer.Format.JSON, head));
        assertThat(json.path("audit_chain_head").path("seq").asLong()).isEqualTo(42);
        assertThat(json.path("audit_chain_head").path("hash").asText()).isEqualTo(head.hash());
        assertThat(json.path("report_id").asText()).isEqualTo("r-1");
        assertThat(ReportRenderer.render(report(), ReportRenderer.Format.MARKDOWN, null)).contains("- Audit chain head: none yet");
    }
}
