package io.authstream.retention.enforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstream.retention.audit.AuditLog;
import io.authstream.retention.es.Es;
import io.authstream.retention.es.FakeTransport;
import io.authstream.schemas.index.IndexLayout;
import io.authstream.schemas.record.RetentionPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The last guard before a delete by name: an index that is not healthy is never deleted. */
class EnforcerHealthTest {
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private static final String INDEX = "t-logs-noise-2025w01";

    /** One fully expired noise index; {@code healthAtDelete} is what {@code _cat/indices} says just before the delete. */
    private static FakeTransport cluster(String healthAtDelete) {
        long old = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
        return new FakeTransport()
                .on("GET", "/_cat/indices/" + INDEX, p -> "index,health,status".equals(p.get("h")), 200,
                        "[{\"index\":\"" + INDEX + "\",\"health\":\"" + healthAtDelete + "\",\"status\":\"open\"}]")
                .on("GET", "/_cat/indices/t-logs-\\*,t-hold-\\*", "[{\"index\":\"" + INDEX
                        + "\",\"store.size\":\"100\",\"status\":\"open\",\"health\":\"green\"}]")
                .on("POST", "/t-logs-\\*,t-hold-\\*/_search", "{\"_shards\":{\"total\":1,\"successful\":1,\"failed\":0},"
                        + "\"aggregations\":{\"idx\":{\"buckets\":[{\"key\":\"" + INDEX + "\",\"doc_count\":5,"
                        + "\"oldest\":{\"value\":" + old + "},\"newest\":{\"value\":" + old + "},"
                        + "\"expired\":{\"doc_count\":5,\"held\":{\"doc_count\":0},\"unheld\":{\"doc_count\":5,\"oldest\":{\"value\":" + old
                        + "}}}}]}}}")
                .on("POST", "/" + INDEX + "/_search", "{\"_shards\":{\"total\":1,\"successful\":1,\"failed\":0},"
                        + "\"aggregations\":{\"idx\":{\"buckets\":[]}}}")
                .on("PUT", "/t-retention-lock/_create/enforcement", "{\"_seq_no\":1,\"_primary_term\":1}");
    }

    private static void apply(FakeTransport t) {
        Es es = Es.over(t);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        IndexLayout layout = new IndexLayout("t-", Map.of());
        RunLock.Lease lease = new RunLock(es, "t-", clock, Duration.ofMinutes(10), "me").acquire("run", "apply");
        new Enforcer(es, layout, new AuditLog(es, layout, clock, "me", "host"), clock, 100, Duration.ofMinutes(1), Checkpoint.NONE)
                .apply(RetentionPolicy.defaults(), List.of(), "run", lease, Progress.NONE);
    }

    @Test
    void anIndexThatTurnedRedAfterItsCountIsNotDeletedAndIsUnblocked() {
        FakeTransport t = cluster("red");
        assertThatThrownBy(() -> apply(t)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Refusing to delete " + INDEX).hasMessageContaining("red");
        assertThat(t.sent("DELETE", "/" + INDEX + ".*")).as("no delete by name").isEmpty();
        List<FakeTransport.Sent> settings = t.sent("PUT", "/" + INDEX + "/_settings");
        assertThat(settings).extracting(FakeTransport.Sent::body)
                .containsExactly("{\"index.blocks.write\":true}", "{\"index.blocks.write\":false}");
    }
}
