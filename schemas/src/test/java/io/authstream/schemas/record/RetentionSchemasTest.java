package io.authstream.schemas.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.authstream.schemas.catalogue.RetentionClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Real instances, produced by the records, validate against the published JSON Schemas. */
class RetentionSchemasTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonSchema schema(String file) throws Exception {
        JsonNode node = JSON.readTree(Files.readString(Path.of("json-schema", file)));
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(node);
    }

    @Test
    void policyWrittenByTheRecordAndTheDocumentedExampleFileValidate() throws Exception {
        JsonSchema s = schema("retention-policy.schema.json");
        RetentionPolicy p = RetentionPolicy.parse("version: v2\ntenants: {acme-eu: {activity: 30d}}");
        assertThat(s.validate(JSON.readTree(p.toJson()))).isEmpty();
        JsonNode example = new ObjectMapper(new YAMLFactory()).readTree("""
                version: "2026-11-01"
                minimum-age: 7d
                grace: 1d
                classes: {security: 400d, activity: 90d, noise: 30d}
                tenants:
                  acme-eu: {activity: 30d}
                """);
        assertThat(s.validate(example)).isEmpty();
    }

    @Test
    void policySchemaRejectsWhatTheParserRejects() throws Exception {
        JsonSchema s = schema("retention-policy.schema.json");
        ObjectNode bad = (ObjectNode) JSON.readTree(RetentionPolicy.defaults().toJson());
        bad.withObjectProperty("classes").put("bogus", "3d");
        bad.put("grace", "soon");
        Set<ValidationMessage> errors = s.validate(bad);
        assertThat(errors).hasSizeGreaterThanOrEqualTo(2);
        ObjectNode noVersion = (ObjectNode) JSON.readTree(RetentionPolicy.defaults().toJson());
        noVersion.remove("version");
        assertThat(s.validate(noVersion)).isNotEmpty();
    }

    @Test
    void reportWrittenByTheRecordValidatesWithAndWithoutOptionalValues() throws Exception {
        JsonSchema s = schema("retention-report.schema.json");
        Instant now = Instant.parse("2026-11-27T12:00:00Z");
        RetentionReport r = new RetentionReport("r-1", now, "v1", "ops@host", now.minus(Duration.ofDays(30)), null,
                List.of(new RetentionReport.ClassStatus(RetentionClass.SECURITY, Duration.ofDays(400),
                                Map.of("acme", Duration.ofDays(800)), Duration.ofDays(1), 1200, 4_000_000, 14,
                                Duration.ofHours(9700), 3, Duration.ofHours(30), 7, RetentionReport.Status.VIOLATION,
                                new RetentionReport.Deletions(2, 300, 4)),
                        new RetentionReport.ClassStatus(RetentionClass.NOISE, Duration.ofDays(30), Map.of(), Duration.ZERO,
                                0, 0, 0, null, 0, null, 0, RetentionReport.Status.COMPLIANT, RetentionReport.Deletions.NONE)),
                List.of(new RetentionReport.HoldStatus("case-1", "investigation", now, "alice", "user.id=u1", 12)),
                new RetentionReport.ShardBudget(40, 1000));
        assertThat(s.validate(JSON.readTree(r.toJson()))).isEmpty();
        assertThat(r.compliant()).isFalse();
        assertThat(JSON.readTree(r.toJson()).at("/classes/0/oldest_event_age_days").asDouble()).isEqualTo(9700 / 24.0, org.assertj.core.data.Offset.offset(0.001));
        ObjectNode broken = (ObjectNode) JSON.readTree(r.toJson());
        ((ObjectNode) broken.withArray("classes").get(0)).put("status", "fine");
        assertThat(s.validate(broken)).isNotEmpty();
    }
}
