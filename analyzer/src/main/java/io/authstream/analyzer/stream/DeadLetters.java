package io.authstream.analyzer.stream;

import io.authstream.analyzer.engine.AnalyzerMetrics;
import io.authstream.schemas.event.InvalidEventException;
import io.authstream.schemas.record.RejectedEvent;
import io.authstream.schemas.topic.Topics;
import io.micrometer.core.instrument.Counter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the analyzer alive on bad data: an event that cannot be deserialised (invalid envelope,
 * not JSON) or whose processing throws is written to the rejected topic as a {@link RejectedEvent}
 * (source {@code analyzer}), inside the same exactly-once transaction, and processing resumes.
 * Each dead letter is cut by its serialized size (key, value and headers) to
 * {@link RejectedEvent#MAX_RECORD_BYTES}, so the producer and the topic accept it whatever the
 * original was made of.
 *
 * <p>As the production exception handler it is the second line: a record for the rejected topic
 * that the producer still refuses is logged as an error, counted
 * ({@code authstream.analyzer.dead_letters.dropped}) and dropped, instead of failing the stream
 * thread, which would re-read the same offset and fail again for ever. A refused record for any
 * other topic (an alert, a changelog) fails the thread as before: dropping it would lose an alert.
 *
 * <p>Configured through the Streams properties {@link #REJECTED_TOPIC} and {@link #METRICS}.
 */
public final class DeadLetters implements DeserializationExceptionHandler, ProcessingExceptionHandler,
        ProductionExceptionHandler {
    public static final String REJECTED_TOPIC = "authstream.analyzer.rejected-topic";
    public static final String METRICS = "authstream.analyzer.metrics";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private String topic = Topics.defaults().rejected().name();
    private AnalyzerMetrics metrics = AnalyzerMetrics.inMemory();

    @Override
    public void configure(Map<String, ?> configs) {
        Object t = configs.get(REJECTED_TOPIC);
        if (t != null) {
            topic = t.toString();
        }
        if (configs.get(METRICS) instanceof AnalyzerMetrics m) {
            metrics = m;
        }
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
                                                                ConsumerRecord<byte[], byte[]> record, Exception exception) {
        boolean invalid = exception instanceof InvalidEventException;
        String type = invalid ? "invalid-envelope" : "undeserialisable";
        String reason = invalid ? exception.getMessage() : "cannot read the event: " + exception;
        LOG.warn("Rejected event at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason);
        return DeserializationExceptionHandler.Response.resume(
                List.of(deadLetter(type, reason, record.headers(), record.key(), record.value())));
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
                                                           Exception exception) {
        String reason = "processing failed in " + context.processorNodeId() + ": " + exception;
        LOG.warn("Rejected event at {}-{}@{}: {}", context.topic(), context.partition(), context.offset(), reason, exception);
        return ProcessingExceptionHandler.Response.resume(List.of(deadLetter("processing-error", reason,
                context.headers(), context.sourceRawKey(), context.sourceRawValue())));
    }

    @Override
    public ProductionExceptionHandler.Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                                           Exception exception) {
        if (record != null && topic.equals(record.topic())) {
            droppedCounter().increment();
            LOG.error("DEAD LETTER LOST: the broker refuses a dead letter for {} ({} bytes), dropped so that the analyzer"
                    + " keeps running: {}", topic, record.value() == null ? 0 : record.value().length, exception.toString());
            return ProductionExceptionHandler.Response.resume();
        }
        return ProductionExceptionHandler.Response.fail();
    }

    @Override
    public ProductionExceptionHandler.Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record,
                                                                        Exception exception, SerializationExceptionOrigin origin) {
        return ProductionExceptionHandler.Response.fail();
    }

    private Counter droppedCounter() {
        return Counter.builder("authstream.analyzer.dead_letters.dropped")
                .description("Dead letters the broker refused for good (logged as errors; should stay 0)")
                .register(metrics.registry());
    }

    private ProducerRecord<byte[], byte[]> deadLetter(String type, String reason, Headers headers, byte[] key, byte[] value) {
        metrics.rejected(type);
        byte[] original = value == null ? new byte[0] : value;
        String logId = key == null ? null : new String(key, StandardCharsets.UTF_8);
        String why = reason.length() > RejectedEvent.MAX_REASON_CHARS ? reason.substring(0, RejectedEvent.MAX_REASON_CHARS) : reason;
        RecordHeaders h = new RecordHeaders();
        h.add(Topics.HEADER_REASON, why.getBytes(StandardCharsets.UTF_8));
        copy(headers, h, Topics.HEADER_STREAM);
        copy(headers, h, Topics.HEADER_TENANT);
        copy(headers, h, Topics.HEADER_RECEIVED_AT);
        int overhead = key == null ? 0 : key.length;
        for (Header x : h) {
            overhead += x.key().length() + (x.value() == null ? 0 : x.value().length);
        }
        RejectedEvent r = RejectedEvent.fitting("analyzer", type, why, header(headers, Topics.HEADER_STREAM),
                header(headers, Topics.HEADER_TENANT), logId, Instant.now(), original, 0, original.length,
                RejectedEvent.maxJsonBytes(overhead));
        return new ProducerRecord<>(topic, null, key, r.toJson(), h);
    }

    static String header(Headers headers, String name) {
        if (headers == null) {
            return null;
        }
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static void copy(Headers from, Headers to, String name) {
        if (from != null && from.lastHeader(name) != null) {
            to.add(name, from.lastHeader(name).value());
        }
    }
}
