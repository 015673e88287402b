package io.authstream.ingest.kafka;

import io.authstream.ingest.StreamConfig;
import io.authstream.schemas.record.RejectedEvent;
import io.authstream.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Builds the records of one request, following the {@link Topics} contract: events keyed by
 * {@code log_id} with their original bytes as value, dead letters as {@link RejectedEvent} JSON;
 * both with the stream, tenant and received-at headers.
 */
public final class EventRecords {
    private final String eventsTopic;
    private final String rejectedTopic;
    private final Header stream;
    private final Header tenant;
    private final Header receivedAt;

    public EventRecords(Topics topics, StreamConfig stream, Instant receivedAt) {
        this.eventsTopic = topics.events().name();
        this.rejectedTopic = topics.rejected().name();
        this.stream = new RecordHeader(Topics.HEADER_STREAM, utf8(stream.id()));
        this.tenant = new RecordHeader(Topics.HEADER_TENANT, utf8(stream.tenant()));
        this.receivedAt = new RecordHeader(Topics.HEADER_RECEIVED_AT, utf8(receivedAt.toString()));
    }

    /** An accepted event: key {@code logId}, value {@code body[off, off+len)} byte for byte. */
    public ProducerRecord<String, byte[]> event(String logId, byte[] body, int off, int len) {
        return new ProducerRecord<>(eventsTopic, null, logId, Arrays.copyOfRange(body, off, off + len),
                java.util.List.of(stream, tenant, receivedAt));
    }

    /** A dead letter, keyed by its log_id when known. */
    public ProducerRecord<String, byte[]> rejected(RejectedEvent r) {
        Header reason = new RecordHeader(Topics.HEADER_REASON, utf8(r.errorType()));
        return new ProducerRecord<>(rejectedTopic, null, r.logId(), r.toJson(),
                java.util.List.of(stream, tenant, receivedAt, reason));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
