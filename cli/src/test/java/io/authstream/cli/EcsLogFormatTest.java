package io.authstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code AUTHSTREAM_LOG_FORMAT=json} writes one ECS document per line, ready to ship into Elasticsearch. */
class EcsLogFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jsonLogLinesAreEcsDocuments() throws Exception {
        String out = LogCapture.run("/logback-json.xml", "JSON", ctx -> {
            ctx.getLogger("io.authstream.archive.Archiver").info("Archive started: {} -> {}", "auth0-log-events", "es");
            ctx.getLogger("io.authstream.ingest.IngestServer").error("request failed", new IllegalStateException("bad state"));
            ctx.getLogger("org.apache.kafka.clients.NetworkClient").info("chatty third-party line");
        });
        List<JsonNode> lines = new ArrayList<>();
        for (String l : out.split("\n")) {
            if (!l.isBlank()) {
                lines.add(JSON.readTree(l));
            }
        }
        assertThat(lines).as("the Kafka client's INFO line is quieted").hasSize(2);
        JsonNode info = lines.get(0);
        assertThat(info.path("@timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(info.path("log.level").asText()).isEqualTo("INFO");
        assertThat(info.path("log.logger").asText()).isEqualTo("io.authstream.archive.Archiver");
        assertThat(info.path("message").asText()).isEqualTo("Archive started: auth0-log-events -> es");
        assertThat(info.path("service.name").asText()).isEqualTo("authstream");
        assertThat(info.path("ecs.version").asText()).isNotEmpty();
        JsonNode error = lines.get(1);
        assertThat(error.path("log.level").asText()).isEqualTo("ERROR");
        assertThat(error.path("error.type").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.path("error.message").asText()).isEqualTo("bad state");
    }
}
