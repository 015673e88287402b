package io.authstream.analyzer.stream;

import static io.authstream.analyzer.stream.Fixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.analyzer.Events;
import io.authstream.schemas.record.RejectedEvent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadLettersTest {
    private final Fixture f = Fixture.defaults();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void keepsGoingAfterInvalidEventsAndCountsThem() {
        byte[] notJson = "{\"log_id\":\"x1\",\"data\":".getBytes(StandardCharsets.UTF_8);
        byte[] noType = "{\"log_id\":\"x2\",\"data\":{\"date\":\"2026-11-27T10:00:00Z\"}}".getBytes(StandardCharsets.UTF_8);
        f.sendRaw("x1", notJson, "acme", "prod");
        f.sendRaw("x2", noType, "acme", "prod");
        f.sendRaw("x3", Events.event("x3", "ferrt", T0, "user_id", "u", "client_id", "c"), "acme", "prod");
        // TopologyTestDriver does not pass dead-letter records on; the real broker does (AnalyzerIT checks it)
        assertThat(f.newAlerts("refresh-token-reuse")).hasSize(1);
        assertThat(f.metrics().count("authstream.analyzer.rejected", "error_type", "invalid-envelope")).isEqualTo(2);
    }

    @Test
    void clampsEventsDatedTooFarAheadSoTheBrokerNeverRefusesWhatTheAnalyzerWrites() {
        try (Fixture g = new Fixture(java.util.Map.of("analyzer.max-future", "10m"))) {
            clamps(g);
        }
    }

    private static void clamps(Fixture f) {
        f.send("ferrt", T0.plus(java.time.Duration.ofDays(400)), "user_id", "u", "client_id", "c");
        assertThat(f.metrics().count("authstream.analyzer.future.clamped")).isEqualTo(1);
        assertThat(f.newAlerts("refresh-token-reuse")).singleElement().satisfies(a -> {
            assertThat(a.firstEventAt()).isEqualTo(T0.plus(java.time.Duration.ofMinutes(10)));
            assertThat(a.windowStart()).as("the window starts at the event that fired it").isEqualTo(a.firstEventAt());
        });
        assertThat(f.driver().producedTopicNames()).isNotEmpty();
    }

    @Test
    void turnsAnUndeserialisableRecordIntoARejectedEventWithTheOriginalBytes() {
        DeadLetters d = new DeadLetters();
        d.configure(java.util.Map.of(DeadLetters.REJECTED_TOPIC, "p-rejected"));
        byte[] notJson = "{\"log_id\":\"x1\",\"data\":".getBytes(StandardCharsets.UTF_8);
        org.apache.kafka.common.header.internals.RecordHeaders h = new org.apache.kafka.common.header.internals.RecordHeaders();
        h.add(io.authstream.schemas.topic.Topics.HEADER_TENANT, "acme".getBytes(StandardCharsets.UTF_8));
        h.add(io.authstream.schemas.topic.Topics.HEADER_STREAM, "prod".getBytes(StandardCharsets.UTF_8));
        var rec = new org.apache.kafka.clients.consumer.ConsumerRecord<>("auth0-log-events", 0, 7L, 0L,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, 2, notJson.length,
                "x1".getBytes(StandardCharsets.UTF_8), notJson, h, java.util.Optional.empty());
        var response = d.handleError(null, rec, new io.authstream.schemas.event.InvalidEventException("event is not valid JSON"));
        assertThat(response.result()).isEqualTo(org.apache.kafka.streams.errors.DeserializationExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(p -> {
            assertThat(p.topic()).isEqualTo("p-rejected");
            RejectedEvent r = RejectedEvent.fromJson(p.value());
            assertThat(r.source()).isEqualTo("analyzer");
            assertThat(r.errorType()).isEqualTo("invalid-envelope");
            assertThat(r.logId()).isEqualTo("x1");
            assertThat(r.tenant()).isEqualTo("acme");
            assertThat(r.stream()).isEqualTo("prod");
            assertThat(r.original()).isEqualTo(notJson);
            assertThat(new String(p.headers().lastHeader(io.authstream.schemas.topic.Topics.HEADER_REASON).value(),
                    StandardCharsets.UTF_8)).contains("not valid JSON");
        });
    }

    @Test
    void cutsAMebibyteOfNulsSoThatTheDeadLetterAsSentFitsTheRecordCap() {
        DeadLetters d = new DeadLetters();
        d.configure(java.util.Map.of(DeadLetters.REJECTED_TOPIC, "p-rejected"));
        byte[] nuls = new byte[1 << 20];
        org.apache.kafka.common.header.internals.RecordHeaders h = new org.apache.kafka.common.header.internals.RecordHeaders();
        h.add(io.authstream.schemas.topic.Topics.HEADER_STREAM, "prod".getBytes(StandardCharsets.UTF_8));
        var rec = new org.apache.kafka.clients.consumer.ConsumerRecord<>("auth0-log-events", 0, 7L, 0L,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, 2, nuls.length,
                "x1".getBytes(StandardCharsets.UTF_8), nuls, h, java.util.Optional.empty());

        var p = d.handleError(null, rec, new IllegalStateException("x".repeat(50_000))).deadLetterQueueRecords().get(0);

        int size = p.key().length + p.value().length;
        for (var header : p.headers()) {
            size += header.key().length() + header.value().length;
        }
        assertThat(size).isLessThanOrEqualTo(RejectedEvent.MAX_RECORD_BYTES);
        RejectedEvent r = RejectedEvent.fromJson(p.value());
        assertThat(r.truncated()).isTrue();
        assertThat(r.original().length).isGreaterThan(150_000);
    }

    @Test
    void dropsADeadLetterTheBrokerRefusesButFailsOnAnyOtherRefusedRecord() {
        DeadLetters d = new DeadLetters();
        d.configure(java.util.Map.of(DeadLetters.REJECTED_TOPIC, "p-rejected"));
        var tooLarge = new org.apache.kafka.common.errors.RecordTooLargeException("too large");

        var dlq = d.handleError(null, new org.apache.kafka.clients.producer.ProducerRecord<>("p-rejected", new byte[1], new byte[1]), tooLarge);
        var alert = d.handleError(null, new org.apache.kafka.clients.producer.ProducerRecord<>("p-alerts", new byte[1], new byte[1]), tooLarge);

        assertThat(dlq.result()).isEqualTo(org.apache.kafka.streams.errors.ProductionExceptionHandler.Result.RESUME);
        assertThat(alert.result()).isEqualTo(org.apache.kafka.streams.errors.ProductionExceptionHandler.Result.FAIL);
    }
}
