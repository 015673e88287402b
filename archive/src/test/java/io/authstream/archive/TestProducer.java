package io.authstream.archive;

import io.authstream.embedded.EmbeddedKafka;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Produces test data and makes sure every record lands: under load the embedded broker sometimes
 * answers the first produce into a new topic with NOT_LEADER_OR_FOLLOWER after appending it, and
 * the idempotent producer then loops on OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout.
 * Failed records are sent again with a new producer, so a record may land twice: tests therefore
 * count the topic's real end offsets — and a duplicate record is just one more redelivery.
 */
final class TestProducer implements AutoCloseable {
    private final EmbeddedKafka kafka;
    private KafkaProducer<String, byte[]> producer;
    private final List<ProducerRecord<String, byte[]>> sent = new ArrayList<>();
    private final List<Future<RecordMetadata>> futures = new ArrayList<>();

    TestProducer(EmbeddedKafka kafka) {
        this.kafka = kafka;
        this.producer = ItSupport.producer(kafka);
    }

    void send(ProducerRecord<String, byte[]> r) {
        sent.add(r);
        futures.add(producer.send(r));
    }

    /** Waits until every record sent so far is acknowledged, re-sending failures (up to 5 rounds). */
    void flush() throws InterruptedException {
        for (int round = 0; round < 5; round++) {
            producer.flush();
            List<ProducerRecord<String, byte[]>> failed = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    futures.get(i).get();
                } catch (ExecutionException e) {
                    failed.add(sent.get(i));
                }
            }
            sent.clear();
            futures.clear();
            if (failed.isEmpty()) {
                return;
            }
            producer.close();
            producer = ItSupport.producer(kafka);
            failed.forEach(this::send);
        }
        throw new AssertionError("test records could not be produced");
    }

    @Override
    public void close() throws InterruptedException {
        flush();
        producer.close();
    }
}
