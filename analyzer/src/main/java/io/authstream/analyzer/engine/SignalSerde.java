package io.authstream.analyzer.engine;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** Binary serde of {@link Signal} for the internal repartition topic. */
public final class SignalSerde {
    private static final int VERSION = 2;

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
        });
    }

    static Signal decode(byte[] b) {
        return Codec.decode(b, in -> {
            Codec.version(in, VERSION, "signal");
            return new Signal(in.readUTF(), in.readUTF(), in.readUTF(), Codec.readMap(in),
                    Signal.Kind.values()[in.readUnsignedByte()], in.readUTF(), in.readLong(), Codec.readNullable(in),
                    Codec.readNullable(in), Codec.readMap(in), in.readLong());
        });
    }
}
