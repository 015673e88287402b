package io.authstream.retention.it;

import io.authstream.embedded.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.authstream.embedded.EmbeddedElasticsearch;
import io.authstream.embedded.junit.EmbeddedStack;
import io.authstream.retention.RetentionService;
import io.authstream.retention.audit.ChainVerdict;
import io.authstream.retention.hold.HoldSelection;
import io.authstream.retention.report.ReportRenderer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The hash-chained audit trail in the real Elasticsearch: tampering through the admin client is named by sequence number. */
@EmbeddedStack
class AuditChainIT {
    static final Instant NOW = RetentionIT.NOW;

    /** Two entries as the code before chaining wrote them (no seq, an index mapping without the chain fields). */
    private static void legacyEntries(ArchiveFixture f) {
        String index = f.layout().auditIndex(NOW);
        f.call("PUT", "/" + index, "{\"mappings\":{\"dynamic\":false,\"properties\":{\"@timestamp\":{\"type\":\"date\"},"
                + "\"action\":{\"type\":\"keyword\"},\"outcome\":{\"type\":\"keyword\"}}}}");
        f.call("POST", "/" + index + "/_doc?refresh=true", "{\"@timestamp\":\"" + NOW.minus(Duration.ofDays(2))
                + "\",\"action\":\"apply\",\"outcome\":\"success\",\"counts\":{\"documents\":3}}");
        f.call("POST", "/" + index + "/_doc?refresh=true", "{\"@timestamp\":\"" + NOW.minus(Duration.ofDays(1))
                + "\",\"action\":\"plan\",\"outcome\":\"success\",\"counts\":{\"documents\":0}}");
    }

    @Test
    void verifyNamesTheSequenceOfAnEditedOrDeletedAuditDocumentAndPassesOnTheUntouchedChain(EmbeddedElasticsearch es) {
        ArchiveFixture f = new ArchiveFixture(es, "chain-");
        legacyEntries(f);
        String index = f.layout().auditIndex(NOW);
        MutableClock clock = new MutableClock(NOW);
        try (RetentionService svc = RetentionIT.service(es, "chain-", clock)) {
            svc.plan();
            svc.addHold("CASE-C", "chain test", new HoldSelection(null, "u1", null, null, null));
            clock.advance(Duration.ofMinutes(1));
            svc.plan();
            svc.releaseHold("CASE-C", "done");
            ChainVerdict ok = svc.auditVerify();
            assertThat(ok.intact()).as(ok.describe()).isTrue();
            assertThat(ok.unchained()).as("the legacy entries are the unchained prefix, sealed by the anchor").isEqualTo(2);
            // anchor, holds-index-create, plan, hold-add, plan, hold-release
            assertThat(ok.head().seq()).isEqualTo(6);
            assertThat(ok.chained()).isEqualTo(6);
            assertThat(svc.auditChainHead()).isEqualTo(ok.head());
            assertThat(f.countIn(f.layout().auditIndexPattern(), "{\"exists\":{\"field\":\"seq\"}}")).isEqualTo(6);
            assertThat(ReportRenderer.render(svc.report(Duration.ofDays(30)), ReportRenderer.Format.MARKDOWN, svc.auditChainHead()))
                    .contains("- Audit chain head: sequence 6, `" + ok.head().hash() + "`");

            String id4 = "/" + index + "/_doc/000000000004";
            JsonNode original = f.call("GET", id4, null).path("_source");
            assertThat(original.path("action").asText()).isEqualTo("hold-add");
            ObjectNode edited = original.deepCopy();
            edited.put("case", "CASE-OTHER");
            f.call("PUT", id4 + "?refresh=true", edited.toString());
            ChainVerdict broken = svc.auditVerify();
            assertThat(broken.intact()).isFalse();
            assertThat(broken.breakSeq()).isEqualTo(4);
            assertThat(broken.problem()).contains("entry 4").contains("edited");

            f.call("PUT", id4 + "?refresh=true", original.toString());
            assertThat(svc.auditVerify().intact()).as("the same content restored: the chain holds again").isTrue();

            f.call("DELETE", "/" + index + "/_doc/000000000002?refresh=true", null);
            ChainVerdict deleted = svc.auditVerify();
            assertThat(deleted.breakSeq()).isEqualTo(2);
            assertThat(deleted.problem()).contains("entry 2 is missing").contains("deleted");
        }
    }

    @Test
    void anEditedUnchainedEntryIsReportedAtTheAnchor(EmbeddedElasticsearch es) {
        ArchiveFixture f = new ArchiveFixture(es, "chainpre-");
        legacyEntries(f);
        try (RetentionService svc = RetentionIT.service(es, "chainpre-", new MutableClock(NOW))) {
            svc.plan();
            assertThat(svc.auditVerify().intact()).isTrue();
            JsonNode hit = f.call("POST", "/" + f.layout().auditIndexPattern() + "/_search",
                    "{\"query\":{\"term\":{\"action\":\"apply\"}}}").path("hits").path("hits").path(0);
            ObjectNode src = hit.path("_source").deepCopy();
            ((ObjectNode) src.path("counts")).put("documents", 0);
            f.call("PUT", "/" + hit.path("_index").asText() + "/_doc/" + hit.path("_id").asText() + "?refresh=true", src.toString());
            ChainVerdict v = svc.auditVerify();
            assertThat(v.breakSeq()).isEqualTo(1);
            assertThat(v.problem()).contains("the unchained prefix changed");
        }
    }

    @Test
    void twoInstancesAppendingAtOnceWithoutTheRunLockKeepOneUnbrokenChain(EmbeddedElasticsearch es) throws Exception {
        MutableClock clock = new MutableClock(NOW);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (RetentionService a = RetentionIT.service(es, "chainrace-", clock); RetentionService b = RetentionIT.service(es, "chainrace-", clock)) {
            List<Future<?>> done = new ArrayList<>();
            for (RetentionService s : List.of(a, b)) {
                // plan takes no lock: only the chain head's compare-and-swap orders these appends.
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 8; i++) {
                        s.plan();
                    }
                }));
            }
            for (Future<?> d : done) {
                d.get();
            }
            ChainVerdict v = a.auditVerify();
            assertThat(v.intact()).as(v.describe()).isTrue();
            // anchor, one holds-index-create (or two when both saw no holds index at once), 16 plans
            assertThat(v.head().seq()).isBetween(18L, 19L);
            assertThat(new ArchiveFixture(es, "chainrace-").countIn("chainrace-audit-*", "{\"term\":{\"action\":\"plan\"}}")).isEqualTo(16);
        } finally {
            pool.shutdownNow();
        }
    }
}
