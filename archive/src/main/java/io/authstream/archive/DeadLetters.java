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

/** Writes {@link RejectedEvent}s to the dead-letter topic and waits for the broker's acknowledgement. */
final class DeadLetters {
    /** Dead letters keep at most this much of the original (the topic's default message limit is 1 MB). */
    static final int MAX_ORIGINAL_BYTES = 512 * 1024;

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final Clock clock;

    DeadLetters(Producer<String, byte[]> producer, String topic, Clock clock) {
        this.producer = producer;
        this.topic = topic;
        this.clock = clock;
    }

    /** Sends and waits; an exception means it was not written and must be tried again. */
    void send(Item item, String errorType, String reason) throws ExecutionException, TimeoutException, InterruptedException {
        byte[] raw = item.raw() == null ? new byte[0] : item.raw();
        RejectedEvent r = RejectedEvent.of("archive", errorType, reason, item.stream(), item.tenant(), item.id(),
                clock.instant(), raw, 0, raw.length, MAX_ORIGINAL_BYTES);
        ProducerRecord<String, byte[]> rec = new ProducerRecord<>(topic, item.id(), r.toJson());
        rec.headers().add(Topics.HEADER_REASON, (errorType + ": " + reason).getBytes(StandardCharsets.UTF_8));
        producer.send(rec).get(30, TimeUnit.SECONDS);
    }
}
