package io.authstream.pull;

import io.authstream.embedded.MutableClock;
import io.authstream.schemas.config.Config;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;

/** In-memory sink and checkpoint store, a recording sleeper, and test configuration. */
final class Fakes {
    static final String CLIENT_ID = "pull-test-client";
    static final String CLIENT_SECRET = "pull-test-secret-0123456789";

    private Fakes() {
    }

    static Map<String, String> config(URI domain) {
        Map<String, String> m = new HashMap<>();
        m.put("pull.domain", domain.toString());
        m.put("pull.client-id", CLIENT_ID);
        m.put("pull.client-secret", CLIENT_SECRET);
        m.put("pull.tenant", "acme");
        m.put("pull.take", "10");
        m.put("pull.max-rate", "1000");
        m.put("pull.interval", "15s");
        m.put("kafka.bootstrap.servers", "127.0.0.1:9");
        return m;
    }

    static PullConfig pullConfig(URI domain) {
        return PullConfig.from(Config.of(config(domain)));
    }

    static final class Sink implements EventSink {
        final List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        int failNext;

        @Override
        public void publish(List<ProducerRecord<String, byte[]>> r) {
            if (failNext > 0) {
                failNext--;
                throw new PullException("broker gone", false);
            }
            records.addAll(r);
        }

        List<String> keys(String topic) {
            return records.stream().filter(r -> r.topic().equals(topic)).map(ProducerRecord::key).toList();
        }
    }

    static final class Store implements CheckpointStore {
        final Map<String, String> values = new HashMap<>();
        int writes;
        int failReads;

        @Override
        public Optional<String> read(String tenant) {
            if (failReads > 0) {
                failReads--;
                throw new PullException("checkpoint topic unavailable", false);
            }
            return Optional.ofNullable(values.get(tenant));
        }

        @Override
        public void write(String tenant, String logId) {
            writes++;
            values.put(tenant, logId);
        }
    }

    /** Records every wait and moves the clock by it instead of sleeping. */
    static final class Sleeps implements Sleeper {
        final List<Duration> waits = new ArrayList<>();
        final MutableClock clock;

        Sleeps(MutableClock clock) {
            this.clock = clock;
        }

        @Override
        public void sleep(Duration d) {
            waits.add(d);
            clock.advance(d);
        }
    }
}
