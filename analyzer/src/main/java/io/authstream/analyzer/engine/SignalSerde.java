package io.authstream.analyzer.engine;

import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** Binary serde of {@link Signal} for the internal repartition topic. */
public final class SignalSerde {
    private static final int VERSION = 3;
    /** Signals written by the previous version (no source, no subjects) may still sit in the repartition topic. */
    private static final int PREVIOUS = 2;

    private SignalSerde() {
    }

    public static Serde<Signal> serde() {
        Serializer<Signal> ser = (topic, s) -> s == null ? null : encode(s);
        Deserializer<Signal> de = (topic, b) -> decode(b);
        return Serdes.serdeFrom(ser, de);
    }

    static byte[] encode(Signal s) {
        return Codec.encode(out -> {
            out.writeByte(VERSION);
            out.writeUTF(s.rule());
            out.writeUTF(s.tenant());
            out.writeUTF(s.stream());
            Codec.writeMap(out, s.group());
            out.writeByte(s.kind().ordinal());
            out.writeUTF(s.logId());
            out.writeLong(s.time());
            Codec.writeNullable(out, s.user());
            Codec.writeNullable(out, s.ip());
            Codec.writeMap(out, s.attrs());
            out.writeLong(s.sourceTime());
            out.writeInt(s.source());
            Codec.writeMap(out, s.subjects());
        });
    }

    static Signal decode(byte[] b) {
        return Codec.decode(b, in -> {
            int v = in.readUnsignedByte();
            if (v != VERSION && v != PREVIOUS) {
                throw new java.io.IOException("signal has format version " + v + ", expected " + VERSION);
            }
            String rule = in.readUTF();
            String tenant = in.readUTF();
            String stream = in.readUTF();
            Map<String, String> group = Codec.readMap(in);
            Signal.Kind kind = Signal.Kind.values()[in.readUnsignedByte()];
            String logId = in.readUTF();
            long time = in.readLong();
            String user = Codec.readNullable(in);
            String ip = Codec.readNullable(in);
            Map<String, String> attrs = Codec.readMap(in);
            long sourceTime = in.readLong();
            if (v == PREVIOUS) {
                return new Signal(rule, tenant, stream, group, kind, logId, time, user, ip, attrs, sourceTime, -1, Map.of());
            }
            return new Signal(rule, tenant, stream, group, kind, logId, time, user, ip, attrs, sourceTime, in.readInt(),
                    Codec.readMap(in));
        });
    }
}
