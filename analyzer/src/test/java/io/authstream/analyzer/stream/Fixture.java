package io.authstream.analyzer.stream;

import io.authstream.analyzer.Analyzer;
import io.authstream.analyzer.AlertSchema;
import io.authstream.analyzer.AnalyzerConfig;
import io.authstream.analyzer.Events;
import io.authstream.analyzer.engine.AnalyzerMetrics;
import io.authstream.schemas.config.Config;
import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertState;
import io.authstream.schemas.record.RejectedEvent;
import io.authstream.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The real analyzer topology in a {@link TopologyTestDriver}: events in with headers and explicit
 * times, alerts out (each checked against the JSON Schema), the wall clock moved by hand.
 */
public final class Fixture implements AutoCloseable {
    /** Wall clock and event times of tests start here. */
    public static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> in;
    private final TestOutputTopic<String, byte[]> alerts;
    private final TestOutputTopic<String, byte[]> rejected;
    private final AnalyzerMetrics metrics = AnalyzerMetrics.inMemory();
    private final Path stateDir;
    private final List<Alert> seen = new ArrayList<>();
    /** Mirror of the driver's wall clock, for the timestamp extractor. */
    private final java.util.concurrent.atomic.AtomicLong wall = new java.util.concurrent.atomic.AtomicLong(T0.toEpochMilli());
    private int seq;

    public Fixture(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>();
        all.put("kafka.bootstrap.servers", "unused:9092");
        // tests move event time and wall time independently; clamping is tested on its own
        all.put("analyzer.max-future", "3650d");
        // the driver reads every topic as one partition: one source of signals for the count rules' clocks
        all.put("topics.partitions", "1");
        all.putAll(settings);
        AnalyzerConfig cfg = AnalyzerConfig.from(Config.of(all));
        try {
            stateDir = Files.createTempDirectory("analyzer-ttd-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Properties p = Analyzer.properties(cfg, metrics);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(AnalyzerTopology.build(cfg, metrics, wall::get), p, T0);
        Topics t = cfg.topics();
        in = driver.createInputTopic(t.events().name(), new StringSerializer(), new ByteArraySerializer());
        alerts = driver.createOutputTopic(t.alerts().name(), new StringDeserializer(), new ByteArrayDeserializer());
        rejected = driver.createOutputTopic(t.rejected().name(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    public static Fixture defaults() {
        return new Fixture(Map.of());
    }

    /** Sends an event on stream {@code prod} of tenant {@code acme}. */
    public Fixture send(String logId, String type, Instant at, Object... fields) {
        return sendRaw(logId, Events.event(logId, type, at, fields), "acme", "prod");
    }

    /** Sends an event with a generated log_id; returns it. */
    public String send(String type, Instant at, Object... fields) {
        String id = "90020261127" + String.format("%08d", ++seq);
        send(id, type, at, fields);
        return id;
    }

    public Fixture sendRaw(String key, byte[] value, String tenant, String stream) {
        return sendRaw(key, value, tenant, stream, null);
    }

    /** Sends with ingest's received-at header when {@code receivedAt} is not null. */
    public Fixture sendRaw(String key, byte[] value, String tenant, String stream, String receivedAt) {
        RecordHeaders h = new RecordHeaders();
        if (receivedAt != null) {
            h.add(Topics.HEADER_RECEIVED_AT, receivedAt.getBytes(StandardCharsets.UTF_8));
        }
        if (tenant != null) {
            h.add(Topics.HEADER_TENANT, tenant.getBytes(StandardCharsets.UTF_8));
        }
        if (stream != null) {
            h.add(Topics.HEADER_STREAM, stream.getBytes(StandardCharsets.UTF_8));
        }
        in.pipeInput(new TestRecord<>(key, value, h, T0));
        return this;
    }

    public Fixture sendFrom(String tenant, String stream, String type, Instant at, Object... fields) {
        String id = "90020261127" + String.format("%08d", ++seq);
        return sendRaw(id, Events.event(id, type, at, fields), tenant, stream);
    }

    /** Moves the wall clock (drives the punctuations that close windows and check silence). */
    public Fixture advanceWallClock(Duration d) {
        wall.addAndGet(d.toMillis());
        driver.advanceWallClockTime(d);
        return this;
    }

    /** Every alert record emitted since the last call, schema-checked. */
    public List<Alert> newAlerts() {
        List<Alert> out = new ArrayList<>();
        for (var kv : alerts.readKeyValuesToList()) {
            AlertSchema.check(kv.value);
            Alert a = Alert.fromJson(kv.value);
            if (!a.id().equals(kv.key)) {
                throw new AssertionError("alert key " + kv.key + " is not the alert id " + a.id());
            }
            out.add(a);
        }
        seen.addAll(out);
        return out;
    }

    /** New alerts of one rule. */
    public List<Alert> newAlerts(String rule) {
        return newAlerts().stream().filter(a -> a.rule().equals(rule)).toList();
    }

    public List<Alert> firing(List<Alert> alerts) {
        return alerts.stream().filter(a -> a.state() == AlertState.FIRING).toList();
    }

    public List<RejectedEvent> rejected() {
        return rejected.readValuesToList().stream().map(RejectedEvent::fromJson).toList();
    }

    public AnalyzerMetrics metrics() {
        return metrics;
    }

    public TopologyTestDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        driver.close();
        io.authstream.embedded.FileTrees.deleteQuietly(stateDir);
    }
}
