package io.authstream.archive;

import io.authstream.schemas.record.RejectedEvent;
import io.authstream.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes {@link RejectedEvent}s to the dead-letter topic and waits for the broker's acknowledgement.
 * Each record, key and headers included, is cut to {@link RejectedEvent#MAX_RECORD_BYTES} by its
 * serialized size, so the producer and the topic always accept it.
 */
final class DeadLetters {

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final Clock clock;

    DeadLetters(Producer<String, byte[]> producer, String topic, Clock clock) {
        this.producer = producer;
        this.topic = topic;
        this.clock = clock;
    }

    /** Sends and waits; an exception means it was not written (retry it if the cause is retriable). */
    void send(Item item, String errorType, String reason) throws ExecutionException, TimeoutException, InterruptedException {
        producer.send(record(item, errorType, reason)).get(30, TimeUnit.SECONDS);
    }

    ProducerRecord<String, byte[]> record(Item item, String errorType, String reason) {
        byte[] raw = item.raw() == null ? new byte[0] : item.raw();
        String why = reason == null || reason.isBlank() ? "rejected by the archive" : reason;
        why = why.length() > RejectedEvent.MAX_REASON_CHARS ? why.substring(0, RejectedEvent.MAX_REASON_CHARS) : why;
        byte[] header = (errorType + ": " + why).getBytes(StandardCharsets.UTF_8);
        byte[] key = item.id() == null ? new byte[0] : item.id().getBytes(StandardCharsets.UTF_8);
        int overhead = key.length + Topics.HEADER_REASON.length() + header.length;
        RejectedEvent r = RejectedEvent.fitting("archive", errorType, why, item.stream(), item.tenant(), item.id(),
                clock.instant(), raw, 0, raw.length, RejectedEvent.maxJsonBytes(overhead));
        ProducerRecord<String, byte[]> rec = new ProducerRecord<>(topic, item.id(), r.toJson());
        rec.headers().add(Topics.HEADER_REASON, header);
        return rec;
    }
}
