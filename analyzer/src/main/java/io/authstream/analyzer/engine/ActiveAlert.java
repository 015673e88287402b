package io.authstream.analyzer.engine;

import io.authstream.schemas.record.AlertSeverity;
import java.util.Map;

/**
 * The open alert of one group, kept in the rule's alert store until it resolves.
 *
 * @param windowStart  start of the window that fired (part of the id)
 * @param trackedStart start of the window currently keeping the alert open
 * @param trackedEnd   end of that window; the alert resolves once it closes below threshold
 * @param revision     revision of the last record emitted
 * @param lastCount    count at the last emitted record (updates fire when it doubles)
 * @param evidence     everything seen for the group since the alert's window start
 */
public record ActiveAlert(String id, String tenant, String stream, Map<String, String> group, long windowStart,
                          long trackedStart, long trackedEnd, int revision, AlertSeverity severity, long lastCount,
                          long threshold, Evidence evidence) {
    private static final int VERSION = 1;

    public ActiveAlert withTracked(long start, long end) {
        return new ActiveAlert(id, tenant, stream, group, windowStart, start, end, revision, severity, lastCount, threshold,
                evidence);
    }

    public ActiveAlert emitted(AlertSeverity s, long count) {
        return new ActiveAlert(id, tenant, stream, group, windowStart, trackedStart, trackedEnd, revision + 1, s, count,
                threshold, evidence);
    }

    public byte[] encode() {
        return Codec.encode(out -> {
            out.writeByte(VERSION);
            out.writeUTF(id);
            out.writeUTF(tenant);
            out.writeUTF(stream);
            Codec.writeMap(out, group);
            out.writeLong(windowStart);
            out.writeLong(trackedStart);
            out.writeLong(trackedEnd);
            out.writeInt(revision);
            out.writeByte(severity.ordinal());
            out.writeLong(lastCount);
            out.writeLong(threshold);
            evidence.write(out);
        });
    }

    public static ActiveAlert decode(byte[] b) {
        return Codec.decode(b, in -> {
            Codec.version(in, VERSION, "active alert");
            return new ActiveAlert(in.readUTF(), in.readUTF(), in.readUTF(), Codec.readMap(in), in.readLong(),
                    in.readLong(), in.readLong(), in.readInt(), AlertSeverity.values()[in.readUnsignedByte()],
                    in.readLong(), in.readLong(), Evidence.read(in));
        });
    }
}
