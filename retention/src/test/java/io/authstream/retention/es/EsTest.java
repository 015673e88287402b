package io.authstream.retention.es;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Es never hands a partial search answer to code that decides what to delete. */
class EsTest {
    private static final String PARTIAL = """
            {"timed_out":false,"_shards":{"total":3,"successful":2,"skipped":0,"failed":1,
             "failures":[{"shard":0,"index":"a-logs-noise-2025w01","reason":{"type":"no_shard_available_action_exception"}}]},
             "hits":{"total":{"value":0,"relation":"eq"},"hits":[]}}
            """;

    @Test
    void everySearchAndPointInTimeIsSentWithPartialResultsForbidden() {
        FakeTransport t = new FakeTransport();
        Es es = Es.over(t);
        es.call("POST", "/a-logs-*/_search", Map.of("ignore_unavailable", "true"), Q.obj());
        es.call("POST", "/_search", Q.obj());
        es.call("POST", "/a-logs-x/_pit", Map.of("keep_alive", "1m"), null);
        assertThat(t.sent()).allSatisfy(s -> assertThat(s.params()).containsEntry("allow_partial_search_results", "false"));
    }

    @Test
    void countIsNotSentTheParameterItWouldRejectButIsCheckedAllTheSame() {
        FakeTransport t = new FakeTransport().on("POST", ".*/_count", PARTIAL);
        Es es = Es.over(t);
        assertThatThrownBy(() -> es.call("POST", "/a-logs-*/_count", Q.obj())).isInstanceOf(EsException.class)
                .satisfies(e -> assertThat(((EsException) e).type()).isEqualTo("partial_search_results"));
        assertThat(t.sent().get(0).params()).doesNotContainKey("allow_partial_search_results");
    }

    @Test
    void aSearchAnswerWithAFailedShardIsAnErrorNamingTheShard() {
        Es es = Es.over(new FakeTransport().on("POST", ".*/_search", PARTIAL));
        assertThatThrownBy(() -> es.call("POST", "/a-logs-*/_search", Q.obj())).isInstanceOf(EsException.class)
                .hasMessageContaining("1 of 3 shards failed").hasMessageContaining("a-logs-noise-2025w01")
                .satisfies(e -> assertThat(((EsException) e).is("partial_search_results")).isTrue());
    }

    @Test
    void aTimedOutSearchIsAnError() {
        Es es = Es.over(new FakeTransport().on("POST", ".*/_search",
                "{\"timed_out\":true,\"_shards\":{\"total\":1,\"successful\":1,\"failed\":0},\"hits\":{\"hits\":[]}}"));
        assertThatThrownBy(() -> es.call("POST", "/a/_search", Q.obj())).isInstanceOf(EsException.class).hasMessageContaining("timed out");
    }

    @Test
    void aWriteWhoseReplicaFailedIsNotMistakenForAPartialRead() {
        Es es = Es.over(new FakeTransport().on("POST", ".*/_doc", "{\"result\":\"created\",\"_shards\":{\"total\":2,\"successful\":1,\"failed\":1}}"));
        assertThat(es.call("POST", "/a-audit-2026/_doc", Q.obj()).path("result").asText()).isEqualTo("created");
    }

    @Test
    void aRejectedSearchReportsTheMissingShardsFromTheCause() {
        Es es = Es.over(new FakeTransport().on("POST", ".*/_search", p -> true, 503, """
                {"error":{"type":"search_phase_execution_exception","reason":"","caused_by":{"type":"search_phase_execution_exception",
                 "reason":"Search rejected due to missing shards [[a-logs-noise-2025w01][0]]."}},"status":503}
                """));
        assertThatThrownBy(() -> es.call("POST", "/a/_search", Q.obj())).isInstanceOf(EsException.class)
                .hasMessageContaining("missing shards [[a-logs-noise-2025w01][0]]");
    }
}
