package io.authstream.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authstream.schemas.catalogue.EventCatalogue;
import io.authstream.schemas.index.IndexLayout;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventDocumentsTest {
    private static final ObjectMapper M = new ObjectMapper();
    private final EventDocuments docs = new EventDocuments(EventCatalogue.bundled(), IndexLayout.defaults());

    @Test
    void buildsACreateActionKeyedByLogIdAndTheContractDocument() throws Exception {
        byte[] raw = TestEvents.event("900abc", "f",
                Instant.parse("2026-11-27T10:00:00.500Z"), "203.0.113.9", "auth0|u1", "a@example.com");
        EventDocuments.Built b = (EventDocuments.Built) docs.build(raw, "main", "acme", "2026-11-27T10:00:01Z");
        String[] lines = new String(b.line(), StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        JsonNode action = M.readTree(lines[0]).path("create");
        assertThat(action.path("_id").asText()).isEqualTo("900abc");
        assertThat(action.path("_index").asText()).isEqualTo("auth0-logs-security-2026.11");
        JsonNode d = M.readTree(lines[1]);
        assertThat(d.path("@timestamp").asText()).isEqualTo("2026-11-27T10:00:00.500Z");
        assertThat(d.at("/event/id").asText()).isEqualTo("900abc");
        assertThat(d.at("/event/code").asText()).isEqualTo("f");
        assertThat(d.at("/event/outcome").asText()).isEqualTo("failure");
        assertThat(d.at("/event/ingested").asText()).isEqualTo("2026-11-27T10:00:01Z");
        assertThat(d.at("/event/category").isArray()).isTrue();
        assertThat(d.at("/source/ip").asText()).isEqualTo("203.0.113.9");
        assertThat(d.at("/user/id").asText()).isEqualTo("auth0|u1");
        assertThat(d.at("/user/name").asText()).isEqualTo("a@example.com");
        assertThat(d.at("/user_agent/original").asText()).startsWith("Mozilla/5.0");
        assertThat(d.at("/auth0/details/error/message").asText()).isEqualTo("Wrong email or password.");
        assertThat(d.at("/auth0/type").asText()).isEqualTo("f");
        assertThat(d.at("/authstream/category").asText()).isEqualTo("auth-failure");
        assertThat(d.at("/authstream/retention_class").asText()).isEqualTo("security");
        assertThat(d.at("/authstream/stream").asText()).isEqualTo("main");
        assertThat(d.at("/authstream/tenant").asText()).isEqualTo("acme");
        assertThat(d.at("/authstream/catalogue_known").asBoolean()).isTrue();
        // the original, byte for byte
        assertThat(d.at("/event/original").asText().getBytes(StandardCharsets.UTF_8)).isEqualTo(raw);
    }

    @Test
    void tenantFallsBackToTheEventsTenantNameAndUnknownCodesAreFlagged() throws Exception {
        byte[] raw = TestEvents.event("900zz", "zz_brand_new", Instant.parse("2026-01-05T00:00:00Z"), "2001:db8::1", "u", "n");
        EventDocuments.Built b = (EventDocuments.Built) docs.build(raw, null, null, null);
        JsonNode d = M.readTree(new String(b.line(), StandardCharsets.UTF_8).split("\n")[1]);
        assertThat(d.at("/authstream/tenant").asText()).isEqualTo("example-prod");
        assertThat(d.at("/authstream/catalogue_known").asBoolean()).isFalse();
        assertThat(d.at("/authstream/category").asText()).isEqualTo("unknown");
        assertThat(d.at("/event/ingested").isMissingNode()).isTrue();
        assertThat(b.index()).as("unknown codes are kept as security class").isEqualTo("auth0-logs-security-2026.01");
    }

    @Test
    void anInvalidEnvelopeIsReportedWithItsReason() {
        EventDocuments.Result r = docs.build("{\"log_id\":\"x\",\"data\":{\"type\":\"f\"}}".getBytes(StandardCharsets.UTF_8), null, null, null);
        assertThat(r).isInstanceOf(EventDocuments.Invalid.class);
        assertThat(((EventDocuments.Invalid) r).reason()).contains("data.date is missing");
        assertThat(docs.build(new byte[0], null, null, null)).isInstanceOf(EventDocuments.Invalid.class);
    }

    @Test
    void successesGoToTheActivityIndexOfTheirIsoWeek() {
        byte[] raw = TestEvents.event("900s1", "s", Instant.parse("2026-11-27T10:00:00Z"), "203.0.113.9", "u", "n");
        assertThat(((EventDocuments.Built) docs.build(raw, null, null, null)).index()).isEqualTo("auth0-logs-activity-2026w48");
    }
}
