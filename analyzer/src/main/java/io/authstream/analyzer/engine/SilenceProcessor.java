package io.authstream.analyzer.engine;

import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertState;
import java.io.DataInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Runs a {@link SilenceRule}: remembers when each stream was last heard of (wall clock; ingest's
 * received-at time when the event carried it) and, on a wall-clock punctuation, fires for a stream
 * silent for longer than the limit; the next heartbeat resolves it. The alert id is derived from
 * the last-heard time, so one silence is one alert. Store: {@code <rule>-last-seen}.
 */
public final class SilenceProcessor implements Processor<String, Signal, String, Alert> {
    private static final int VERSION = 1;
    private final SilenceRule rule;
    private final AnalyzerMetrics metrics;
    private final Duration punctuation;
    private ProcessorContext<String, Alert> ctx;
    private KeyValueStore<String, byte[]> store;

    SilenceProcessor(SilenceRule rule, AnalyzerMetrics metrics, Duration punctuation) {
        this.rule = rule;
        this.metrics = metrics;
        this.punctuation = punctuation;
    }

    public static ProcessorSupplier<String, Signal, String, Alert> supplier(SilenceRule rule, AnalyzerMetrics metrics,
                                                                            Duration punctuation, boolean inMemory) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, Signal, String, Alert> get() {
                return new SilenceProcessor(rule, metrics, punctuation);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                String n = rule.id() + "-last-seen";
                return Set.of(Stores.keyValueStoreBuilder(inMemory ? Stores.inMemoryKeyValueStore(n)
                        : Stores.persistentKeyValueStore(n), Serdes.String(), Serdes.ByteArray()).withCachingDisabled());
            }
        };
    }

    /** Last heard of, and the open silence alert if any. */
    record Seen(long lastSeen, ActiveAlert alert) {
        byte[] encode() {
            return Codec.encode(out -> {
                out.writeByte(VERSION);
                out.writeLong(lastSeen);
                out.writeBoolean(alert != null);
                if (alert != null) {
                    byte[] a = alert.encode();
                    out.writeInt(a.length);
                    out.write(a);
                }
            });
        }

        static Seen decode(byte[] b) {
            return Codec.decode(b, (DataInputStream in) -> {
                Codec.version(in, VERSION, "last seen");
                long t = in.readLong();
                ActiveAlert a = null;
                if (in.readBoolean()) {
                    byte[] ab = new byte[in.readInt()];
                    in.readFully(ab);
                    a = ActiveAlert.decode(ab);
                }
                return new Seen(t, a);
            });
        }
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.ctx = context;
        this.store = context.getStateStore(rule.id() + "-last-seen");
        context.schedule(punctuation, PunctuationType.WALL_CLOCK_TIME, this::check);
    }

    @Override
    public void process(Record<String, Signal> record) {
        Signal s = record.value();
        Seen seen = Seen.decode(store.get(record.key()));
        if (s.kind() == Signal.Kind.SEED) {
            if (seen == null) {
                store.put(record.key(), new Seen(s.time(), null).encode());
            }
            return;
        }
        if (s.kind() != Signal.Kind.HEARTBEAT) {
            return;
        }
        long last = seen == null ? s.time() : Math.max(seen.lastSeen(), s.time());
        if (seen != null && seen.alert() != null) {
            ActiveAlert a = seen.alert();
            ActiveAlert done = a.withTracked(a.trackedStart(), s.time());
            emit(done, AlertState.RESOLVED);
        }
        store.put(record.key(), new Seen(last, null).encode());
    }

    void check(long wallNow) {
        long now = ctx.currentSystemTimeMs();
        List<KeyValue<String, Seen>> silent = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                Seen seen = Seen.decode(kv.value);
                if (seen.alert() == null && now - seen.lastSeen() >= rule.silence().toMillis()) {
                    silent.add(KeyValue.pair(kv.key, seen));
                }
            }
        }
        for (KeyValue<String, Seen> kv : silent) {
            String[] parts = kv.key.split("\\|", 4);
            String tenant = parts.length > 1 ? parts[1] : "unknown";
            String stream = parts.length > 2 ? parts[2] : "unknown";
            long since = kv.value.lastSeen();
            ActiveAlert a = new ActiveAlert(Alert.idOf(kv.key, since), tenant, stream, Map.of(), since, since, now, 0,
                    rule.severity(), 0, rule.silence().toMinutes(), new Evidence());
            emit(a, AlertState.FIRING);
            store.put(kv.key, new Seen(since, a).encode());
        }
    }

    private void emit(ActiveAlert a, AlertState state) {
        long silentFor = Math.max(0, (state == AlertState.RESOLVED ? a.trackedEnd() : ctx.currentSystemTimeMs()) - a.windowStart());
        Alert alert = AlertWriter.write(rule.id(), rule.title(), rule.text(), a, state, a.severity(), silentFor / 60_000,
                rule.silence().toMinutes(), rule.silence(), false, false,
                Map.of("silent_minutes", Long.toString(silentFor / 60_000), "last_event_received_at",
                        java.time.Instant.ofEpochMilli(a.windowStart()).toString()), ctx.currentSystemTimeMs());
        metrics.alert(rule.id(), state.id());
        ctx.forward(new Record<>(alert.id(), alert, ctx.currentSystemTimeMs()));
    }
}
