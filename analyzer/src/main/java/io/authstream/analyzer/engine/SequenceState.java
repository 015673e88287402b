package io.authstream.analyzer.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What a {@link SequenceProcessor} remembers for one group: the most recent events of each step
 * (at most {@code maxPerStep} each, none older than the rule's horizon behind the newest), and the
 * time of the last chain that fired, so a fired chain's events never fire again.
 */
final class SequenceState {
    private static final int VERSION = 1;

    /** One remembered event. */
    record Entry(String step, String logId, long time, String user, String ip, Map<String, String> attrs) {
    }

    final List<Entry> entries = new ArrayList<>();
    long firedUpTo = Long.MIN_VALUE;
    /** The open (fired, not yet resolved) alert, or null. */
    ActiveAlert open;
    long openedAtWall;
    /** The open alert's details (the chain it cites), repeated in its resolution. */
    Map<String, String> openDetails = Map.of();

    /** Adds an event unless it is a duplicate or belongs to a chain that already fired; trims to the bounds. */
    boolean add(Entry e, SequenceRule rule) {
        if (e.time() <= firedUpTo) {
            return false;
        }
        for (Entry x : entries) {
            if (x.step().equals(e.step()) && x.logId().equals(e.logId())) {
                return false;
            }
        }
        entries.add(e);
        long newest = entries.stream().mapToLong(Entry::time).max().orElse(e.time());
        long oldest = newest - rule.horizon().toMillis();
        entries.removeIf(x -> x.time() < oldest);
        for (SequenceRule.Step s : rule.steps()) {
            List<Entry> of = entries.stream().filter(x -> x.step().equals(s.name()))
                    .sorted(Comparator.comparingLong(Entry::time)).toList();
            for (int i = 0; i < of.size() - rule.maxPerStep(); i++) {
                entries.remove(of.get(i));
            }
        }
        return entries.contains(e);
    }

    long newest() {
        return entries.stream().mapToLong(Entry::time).max().orElse(firedUpTo);
    }

    byte[] encode() {
        return Codec.encode(out -> {
            out.writeByte(VERSION);
            out.writeLong(firedUpTo);
            out.writeShort(entries.size());
            for (Entry e : entries) {
                out.writeUTF(e.step());
                out.writeUTF(e.logId());
                out.writeLong(e.time());
                Codec.writeNullable(out, e.user());
                Codec.writeNullable(out, e.ip());
                Codec.writeMap(out, e.attrs());
            }
            out.writeBoolean(open != null);
            if (open != null) {
                byte[] a = open.encode();
                out.writeInt(a.length);
                out.write(a);
                out.writeLong(openedAtWall);
                Codec.writeMap(out, openDetails);
            }
        });
    }

    static SequenceState decode(byte[] b) {
        if (b == null) {
            return new SequenceState();
        }
        return Codec.decode(b, in -> {
            Codec.version(in, VERSION, "sequence state");
            SequenceState s = new SequenceState();
            s.firedUpTo = in.readLong();
            int n = in.readUnsignedShort();
            for (int i = 0; i < n; i++) {
                s.entries.add(new Entry(in.readUTF(), in.readUTF(), in.readLong(), Codec.readNullable(in),
                        Codec.readNullable(in), Codec.readMap(in)));
            }
            if (in.readBoolean()) {
                byte[] a = new byte[in.readInt()];
                in.readFully(a);
                s.open = ActiveAlert.decode(a);
                s.openedAtWall = in.readLong();
                s.openDetails = Codec.readMap(in);
            }
            return s;
        });
    }
}
