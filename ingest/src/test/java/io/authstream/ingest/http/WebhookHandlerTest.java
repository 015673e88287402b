package io.authstream.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookHandlerTest {
    @Test
    void takesTheStreamIdFromTheWebhookPathOnly() {
        assertThat(WebhookHandler.streamId("/v1/auth0/main")).isEqualTo("main");
        assertThat(WebhookHandler.streamId("/v1/auth0/main/")).isEqualTo("main");
        assertThat(WebhookHandler.streamId("/v1/auth0/")).isNull();
        assertThat(WebhookHandler.streamId("/v1/auth0/a/b")).isNull();
        assertThat(WebhookHandler.streamId("/v2/auth0/main")).isNull();
        assertThat(WebhookHandler.streamId(null)).isNull();
    }

    @Test
    void acceptsJsonishContentTypesWhateverTheirParameters() {
        assertThat(WebhookHandler.jsonish("application/json")).isTrue();
        assertThat(WebhookHandler.jsonish("application/json; charset=utf-8")).isTrue();
        assertThat(WebhookHandler.jsonish("Application/X-NDJSON")).isTrue();
        assertThat(WebhookHandler.jsonish("application/jsonl")).isTrue();
        assertThat(WebhookHandler.jsonish("text/plain")).isTrue();
        assertThat(WebhookHandler.jsonish("application/vnd.auth0+json")).isTrue();
        assertThat(WebhookHandler.jsonish("application/x-www-form-urlencoded")).isFalse();
        assertThat(WebhookHandler.jsonish("text/html")).isFalse();
        assertThat(WebhookHandler.jsonish(null)).isFalse();
    }

    @Test
    void keepsRequestValuesInLogLinesShortAndPrintable() {
        assertThat(WebhookHandler.safe("a\nb\u0000c")).isEqualTo("a?b?c");
        assertThat(WebhookHandler.safe("x".repeat(100))).hasSize(67);
        assertThat(WebhookHandler.loggable("../../etc")).isEqualTo("(invalid)");
        assertThat(WebhookHandler.loggable("main-1")).isEqualTo("main-1");
    }

    @Test
    void writesEveryErrorInOneShape() {
        assertThat(new String(Responses.error("unauthorized", "He said \"no\"."))).isEqualTo(
                "{\"error\":\"unauthorized\",\"message\":\"He said \\\"no\\\".\"}");
        assertThat(new String(Responses.accepted(3, 1, 2))).isEqualTo("{\"accepted\":3,\"duplicates\":1,\"rejected\":2}");
    }
}
