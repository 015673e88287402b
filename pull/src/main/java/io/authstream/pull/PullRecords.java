package io.authstream.pull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.authstream.schemas.event.EnvelopeParser;
import io.authstream.schemas.event.EnvelopeResult;
import io.authstream.schemas.record.RejectedEvent;
import io.authstream.schemas.topic.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Turns the bare log objects of one page into records under ingest's contract ({@link Topics}):
 * the value is the log-stream envelope {@code {"log_id":…,"data":<the object's bytes verbatim>}},
 * keyed by {@code log_id}, with the stream, tenant and received-at headers and
 * {@link #HEADER_SOURCE}{@code = pull}; what the envelope rules refuse becomes a dead letter.
 */
public final class PullRecords {
    /** Header: where an event came from, {@code stream} (webhook) or {@code pull}. TODO(lead): move to Topics. */
    public static final String HEADER_SOURCE = "authstream-source";
    public static final String SOURCE = "pull";
    private static final JsonFactory FACTORY = new JsonFactory();
    private final EnvelopeParser envelopes = new EnvelopeParser();
    private final PullConfig config;

    public PullRecords(PullConfig config) {
        this.config = config;
    }

    /** The records of one page and the last {@code log_id} it held (null when none had one). */
    public record Batch(List<ProducerRecord<String, byte[]>> records, int events, int rejected, String lastLogId, Instant oldestDate) {
    }

    public Batch build(List<byte[]> items, Instant receivedAt) {
        String events = config.topics().events().name();
        String rejectedTopic = config.topics().rejected().name();
        List<Header> headers = List.of(header(Topics.HEADER_STREAM, config.stream()), header(Topics.HEADER_TENANT, config.tenant()),
                header(Topics.HEADER_RECEIVED_AT, receivedAt.toString()), header(HEADER_SOURCE, SOURCE));
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        String last = null;
        int ok = 0;
        int bad = 0;
        Instant oldest = null;
        for (byte[] item : items) {
            String logId = logId(item);
            if (logId != null) {
                last = logId;
            }
            String reason;
            byte[] value = null;
            if (logId == null) {
                reason = "log object has no string log_id";
            } else {
                value = envelope(logId, item);
                EnvelopeResult r = envelopes.validate(value);
                reason = r instanceof EnvelopeResult.Invalid i ? i.reason() : null;
                if (r instanceof EnvelopeResult.Valid v && (oldest == null || v.envelope().date().isBefore(oldest))) {
                    oldest = v.envelope().date();
                }
            }
            if (reason == null) {
                out.add(new ProducerRecord<>(events, null, logId, value, headers));
                ok++;
            } else {
                RejectedEvent dead = RejectedEvent.of(SOURCE, "invalid-envelope", reason, config.stream(), config.tenant(), logId,
                        receivedAt, item, 0, item.length, config.rejectedMaxOriginalBytes());
                List<Header> h = new ArrayList<>(headers);
                h.add(header(Topics.HEADER_REASON, dead.errorType()));
                out.add(new ProducerRecord<>(rejectedTopic, null, logId, dead.toJson(), h));
                bad++;
            }
        }
        return new Batch(out, ok, bad, last, oldest);
    }

    /** {@code {"log_id":"<id>","data":} + item + {@code }}: the item's bytes are not touched. */
    static byte[] envelope(String logId, byte[] item) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(item.length + logId.length() + 32);
        b.writeBytes("{\"log_id\":\"".getBytes(StandardCharsets.UTF_8));
        b.writeBytes(JsonStringEncoder.getInstance().quoteAsUTF8(logId));
        b.writeBytes("\",\"data\":".getBytes(StandardCharsets.UTF_8));
        b.writeBytes(item);
        b.write('}');
        return b.toByteArray();
    }

    /** The top-level string {@code log_id} of a log object, or null. */
    static String logId(byte[] item) {
        try (JsonParser p = FACTORY.createParser(item)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if ("log_id".equals(name) && v == JsonToken.VALUE_STRING) {
                    return p.getText();
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static Header header(String k, String v) {
        return new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8));
    }
}
