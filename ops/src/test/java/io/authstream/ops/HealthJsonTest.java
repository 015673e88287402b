package io.authstream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static HealthSnapshot snapshot(String fatal) {
        Map<String, Check> checks = new LinkedHashMap<>();
        checks.put("kafka", Check.up());
        checks.put("elasticsearch", Check.down("connection refused"));
        checks.put("last-run", Check.up().optional());
        return new HealthSnapshot("archive", true, fatal, checks);
    }

    @Test
    void rendersComponentStatusAndEveryCheckInOneShape() throws Exception {
        JsonNode n = JSON.readTree(HealthJson.render(snapshot(null), Probe.READY));
        assertThat(n.path("component").asText()).isEqualTo("archive");
        assertThat(n.path("status").asText()).isEqualTo("not-ready");
        assertThat(n.has("reason")).isFalse();
        assertThat(n.path("checks").path("kafka").toString()).isEqualTo("{\"state\":\"up\"}");
        assertThat(n.path("checks").path("elasticsearch").toString()).isEqualTo("{\"state\":\"down\",\"reason\":\"connection refused\"}");
        assertThat(n.path("checks").path("last-run").toString()).isEqualTo("{\"state\":\"up\",\"required\":false}");
    }

    @Test
    void theSameSnapshotAnswersEachProbeWithItsOwnStatusWord() throws Exception {
        HealthSnapshot s = snapshot(null);
        assertThat(JSON.readTree(HealthJson.render(s, Probe.LIVE)).path("status").asText()).isEqualTo("live");
        assertThat(JSON.readTree(HealthJson.render(s, Probe.STARTUP)).path("status").asText()).isEqualTo("started");
        HealthSnapshot starting = new HealthSnapshot("analyzer", false, null, Map.of());
        assertThat(JSON.readTree(HealthJson.render(starting, Probe.STARTUP)).path("status").asText()).isEqualTo("starting");
    }

    @Test
    void aFatalStateIsNotLiveAndSaysWhyWithoutSecrets() throws Exception {
        JsonNode n = JSON.readTree(HealthJson.render(snapshot("bulk to https://elastic:hunter2@es:9200 failed, password=hunter2"), Probe.LIVE));
        assertThat(n.path("status").asText()).isEqualTo("not-live");
        assertThat(n.path("reason").asText()).contains("bulk to https://***@es:9200 failed").doesNotContain("hunter2");
    }

    @Test
    void errorsHaveTheWebhookErrorShape() throws Exception {
        JsonNode n = JSON.readTree(HealthJson.error("not-found", "Try /metrics."));
        assertThat(n.toString()).isEqualTo("{\"error\":\"not-found\",\"message\":\"Try /metrics.\"}");
    }
}
