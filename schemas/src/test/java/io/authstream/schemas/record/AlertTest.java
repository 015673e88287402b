package io.authstream.schemas.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AlertTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final Path SCHEMA = Path.of("json-schema/alert.schema.json");

    static JsonSchema schema() throws Exception {
        SchemaValidatorsConfig cfg = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(MAPPER.readTree(Files.readAllBytes(SCHEMA)), cfg);
    }

    static Alert firing() {
        Instant start = Instant.parse("2026-11-27T10:00:00Z");
        String key = "credential-stuffing|acme|prod|ip=203.0.113.7";
        return new Alert(Alert.idOf(key, start.toEpochMilli()), key, "credential-stuffing", "Credential stuffing",
                AlertSeverity.HIGH, AlertState.FIRING, 0, "acme", "prod", Map.of("ip", "203.0.113.7"), start,
                start.plusSeconds(3600), 20, 20, 14L, 1L, start.plusSeconds(60), start.plusSeconds(900),
                List.of("9001", "9002"), "20 failed logins from 203.0.113.7 for 14 users in 1h",
                "Check whether Attack Protection blocked 203.0.113.7.", Map.of("successes", "0"),
                Instant.parse("2026-11-27T10:15:01Z"));
    }

    @Test
    void firingUpdatedAndResolvedAlertsMatchTheSchema() throws Exception {
        JsonSchema schema = schema();
        Alert a = firing();
        for (Alert x : List.of(a, a.next(AlertState.UPDATED, a.emittedAt()), a.next(AlertState.RESOLVED, a.emittedAt()))) {
            Set<ValidationMessage> errors = schema.validate(MAPPER.readTree(x.toJson()));
            assertThat(errors).as(x.toString()).isEmpty();
        }
    }

    @Test
    void alertWithoutOptionalFieldsMatchesTheSchema() throws Exception {
        Instant t = Instant.parse("2026-11-27T10:00:00Z");
        Alert a = new Alert(Alert.idOf("k", 0), "unknown-event-code|acme|prod|code=zz", "unknown-event-code",
                "Unknown event code", AlertSeverity.INFO, AlertState.FIRING, 0, "acme", "prod", Map.of("code", "zz"), t,
                t.plusSeconds(60), 1, 1, null, null, null, null, List.of(), "first sighting of zz", "update the catalogue",
                Map.of(), t);
        assertThat(schema().validate(MAPPER.readTree(a.toJson()))).isEmpty();
    }

    @Test
    void schemaRejectsAnAlertWithAnUnknownSeverityOrAMissingId() throws Exception {
        JsonSchema schema = schema();
        ObjectNode n = (ObjectNode) MAPPER.readTree(firing().toJson());
        n.put("severity", "urgent");
        assertThat(schema.validate(n)).isNotEmpty();
        ObjectNode m = (ObjectNode) MAPPER.readTree(firing().toJson());
        m.remove("id");
        assertThat(schema.validate(m)).isNotEmpty();
    }

    @Test
    void subjectsNameStableIdsMatchTheSchemaAndSurviveTheRoundTrip() throws Exception {
        Alert f = firing();
        Alert a = new Alert(f.id(), f.key(), f.rule(), f.title(), f.severity(), f.state(), 0, f.tenant(), f.stream(),
                f.group(), f.windowStart(), f.windowEnd(), f.count(), f.threshold(), f.distinctUsers(), f.distinctIps(),
                f.firstEventAt(), f.lastEventAt(), f.sampleLogIds(), f.summary(), f.runbook(), f.details(), f.emittedAt(),
                Map.of("user_id", List.of("auth0|a", "auth0|b"), "user_name", List.of("alice@example.com")));
        assertThat(schema().validate(MAPPER.readTree(a.toJson()))).isEmpty();
        assertThat(MAPPER.readTree(a.toJson()).path("subjects").path("user_id").get(1).asText()).isEqualTo("auth0|b");
        assertThat(Alert.fromJson(a.toJson())).isEqualTo(a);
        assertThat(a.next(AlertState.RESOLVED, f.emittedAt()).subjects()).isEqualTo(a.subjects());
        ObjectNode n = (ObjectNode) MAPPER.readTree(a.toJson());
        n.with("subjects").putArray("password").add("x");
        assertThat(schema().validate(n)).as("only the documented subject kinds").isNotEmpty();
        ObjectNode old = (ObjectNode) MAPPER.readTree(f.toJson());
        old.remove("subjects");
        assertThat(schema().validate(old)).as("records from before subjects existed").isEmpty();
        assertThat(Alert.fromJson(MAPPER.writeValueAsBytes(old)).subjects()).isEmpty();
    }

    @Test
    void roundTripsThroughJson() {
        Alert a = firing();
        assertThat(Alert.fromJson(a.toJson())).isEqualTo(a);
    }

    @Test
    void idIsDeterministicPerKeyAndWindowStart() {
        assertThat(Alert.idOf("r|t|s|ip=1", 1000)).isEqualTo(Alert.idOf("r|t|s|ip=1", 1000)).hasSize(32);
        assertThat(Alert.idOf("r|t|s|ip=1", 1000)).isNotEqualTo(Alert.idOf("r|t|s|ip=1", 2000))
                .isNotEqualTo(Alert.idOf("r|t|s|ip=2", 1000));
    }

    @Test
    void keepsAtMostTenSamples() {
        Alert a = firing();
        List<String> many = IntStream.range(0, 25).mapToObj(i -> "id" + i).toList();
        Alert b = new Alert(a.id(), a.key(), a.rule(), a.title(), a.severity(), a.state(), 0, a.tenant(), a.stream(),
                a.group(), a.windowStart(), a.windowEnd(), a.count(), a.threshold(), null, null, null, null, many,
                a.summary(), a.runbook(), a.details(), a.emittedAt());
        assertThat(b.sampleLogIds()).hasSize(10).startsWith("id0");
    }

    @Test
    void rejectsJsonThatIsNotAnAlert() {
        assertThatThrownBy(() -> Alert.fromJson("{\"id\":1}".getBytes())).isInstanceOf(IllegalArgumentException.class);
    }
}
