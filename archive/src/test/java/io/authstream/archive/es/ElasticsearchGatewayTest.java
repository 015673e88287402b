package io.authstream.archive.es;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ElasticsearchGatewayTest {
    @Test
    void aResponseWithoutErrorsMeansEveryItemWasCreated() throws Exception {
        String body = "{\"errors\":false,\"took\":3,\"items\":[{\"create\":{\"status\":201}},{\"create\":{\"status\":201}}]}";
        assertThat(ElasticsearchGateway.parseBulkResponse(in(body), 2)).containsOnly(ItemOutcome.INDEXED).hasSize(2);
    }

    @Test
    void itemsAreClassifiedByStatusAndStructuredType() throws Exception {
        String body = "{\"took\":3,\"errors\":true,\"items\":["
                + "{\"create\":{\"_index\":\"i\",\"_id\":\"a\",\"status\":201,\"result\":\"created\"}},"
                + "{\"create\":{\"_index\":\"i\",\"_id\":\"b\",\"status\":409,\"error\":{\"type\":\"version_conflict_engine_exception\",\"reason\":\"[b]: version conflict, document already exists\"}}},"
                + "{\"create\":{\"_index\":\"i\",\"_id\":\"c\",\"status\":400,\"error\":{\"type\":\"document_parsing_exception\",\"reason\":\"[1:2] failed to parse field [auth0.user_id]\",\"caused_by\":{\"type\":\"illegal_argument_exception\",\"reason\":\"x\"}}}},"
                + "{\"create\":{\"_index\":\"i\",\"_id\":\"d\",\"status\":429,\"error\":{\"type\":\"es_rejected_execution_exception\",\"reason\":\"rejected execution\"}}},"
                + "{\"create\":{\"_index\":\"i\",\"_id\":\"e\",\"status\":403,\"error\":{\"type\":\"cluster_block_exception\",\"reason\":\"index read-only\"}}}"
                + "]}";
        List<ItemOutcome> out = ElasticsearchGateway.parseBulkResponse(in(body), 5);
        assertThat(out).extracting(ItemOutcome::kind).containsExactly(ItemOutcome.Kind.INDEXED, ItemOutcome.Kind.DUPLICATE,
                ItemOutcome.Kind.REJECTED, ItemOutcome.Kind.RETRY, ItemOutcome.Kind.RETRY);
        assertThat(out.get(2).errorType()).isEqualTo("document_parsing_exception");
        assertThat(out.get(2).reason()).contains("auth0.user_id");
    }

    @Test
    void classificationIgnoresMessageText() {
        // a 409 that is not a version conflict is not a duplicate, whatever its message says
        assertThat(ErrorTypes.classify(409, "some_other_exception", "document already exists").kind())
                .isEqualTo(ItemOutcome.Kind.REJECTED);
        assertThat(ErrorTypes.classify(400, "mapper_parsing_exception", "rejected execution, retry later").kind())
                .isEqualTo(ItemOutcome.Kind.REJECTED);
        assertThat(ErrorTypes.classify(503, null, null).kind()).isEqualTo(ItemOutcome.Kind.RETRY);
    }

    private static ByteArrayInputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void onlyFailuresThatMayNeverHealHaveABudget() {
        assertThat(ErrorTypes.mayBePermanent(ErrorTypes.classify(403, "cluster_block_exception", "index [x] blocked by: [FORBIDDEN/8/index write (api)]"))).isTrue();
        assertThat(ErrorTypes.mayBePermanent(ErrorTypes.classify(400, "index_closed_exception", "closed"))).isTrue();
        assertThat(ErrorTypes.mayBePermanent(ErrorTypes.classify(401, null, null))).isTrue();
        assertThat(ErrorTypes.mayBePermanent(ErrorTypes.classify(403, "security_exception", "action unauthorized"))).isTrue();
        assertThat(ErrorTypes.mayBePermanent(ErrorTypes.classify(429, "es_rejected_execution_exception", "busy"))).isFalse();
        assertThat(ErrorTypes.mayBePermanent(ErrorTypes.classify(503, "unavailable_shards_exception", "primary not active"))).isFalse();
        assertThat(ErrorTypes.mayBePermanent(ErrorTypes.classify(400, "mapper_parsing_exception", "bad"))).isFalse();
    }
}
