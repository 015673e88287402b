package io.authstream.analyzer.engine;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link ThresholdRule} keeps for one group between signals, bounded by what the rule needs:
 * the most recent counted hits sorted by event time (at most {@link ThresholdRule#hitCapacity()},
 * none older than the newest minus window + grace), the hits of the extra distinct condition (at
 * most its threshold), the last time anything was counted, successes and blocks seen, the latest
 * attributes and the subjects named so far (capped). A hit is a counted time with its
 * {@code log_id} and the hashes of its user and IP, so an alert that fires carries the evidence of
 * the interval that fired it.
 *
 * <p>In distinct-count mode a hit stands for one value (user or IP) at the latest time it was seen:
 * for signals in time order the values seen in an interval ending at the newest signal are exactly
 * those whose latest time falls in it, so keeping the most recent values decides "≥ K distinct in
 * any T". Mutable; owned by one processor at a time.
 */
final class GroupState {
    private static final int VERSION = 1;

    /** One counted signal (or, in distinct mode, one value at its latest time). */
    record Hit(long time, long value, String logId, long user, long ip) {
    }

    private final List<Hit> hits = new ArrayList<>(4);
    private final List<Hit> also = new ArrayList<>(0);
    private long lastSeen = Long.MIN_VALUE;
    private long successes;
    private long blocked;
    private long distinctPeak;
    private final Map<String, String> attrs = new LinkedHashMap<>();
    private final Map<String, List<String>> subjects = new LinkedHashMap<>();

    /**
     * Adds a counted hit, keeping times sorted and state bounded. In distinct mode ({@code distinct})
     * an existing hit of the same value moves to the later of the two times.
     *
     * @return the hit's index after the insertion, or -1 if it changed nothing (an older sighting of a
     *         value already seen later, or a hit too old to keep)
     */
    int add(Hit h, boolean distinct, int capacity, long horizonMs) {
        return insert(hits, h, distinct, capacity, horizonMs);
    }

    /** Adds a hit of the extra distinct condition; same contract as {@link #add}. */
    int addAlso(Hit h, int capacity, long horizonMs) {
        return insert(also, h, true, capacity, horizonMs);
    }

    private static int insert(List<Hit> list, Hit h, boolean distinct, int capacity, long horizonMs) {
        if (distinct) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).value() == h.value()) {
                    if (list.get(i).time() >= h.time()) {
                        return -1;
                    }
                    list.remove(i);
                    break;
                }
            }
        }
        int at = list.size();
        while (at > 0 && list.get(at - 1).time() > h.time()) {
            at--;
        }
        list.add(at, h);
        long newest = list.get(list.size() - 1).time();
        int dropped = 0;
        while (list.size() > capacity || list.get(0).time() < newest - horizonMs) {
            list.remove(0);
            dropped++;
            if (list.isEmpty()) {
                break;
            }
        }
        int idx = at - dropped;
        return idx >= 0 && idx < list.size() && list.get(idx) == h ? idx : -1;
    }

    /**
     * The latest run of {@code n} consecutive hits that contains hit {@code idx} and spans less than
     * {@code windowMs} (so one interval of that length holds all of them), as its first hit's time;
     * {@link Long#MIN_VALUE} if there is none.
     */
    long runStart(int idx, long n, long windowMs) {
        return runStart(hits, idx, n, windowMs);
    }

    /** The same for the extra condition's hits. */
    long alsoRunStart(int idx, long n, long windowMs) {
        return runStart(also, idx, n, windowMs);
    }

    /** Distinct values of the extra condition in the window ending at its hit {@code idx}. */
    long alsoCountEndingAt(int idx, long windowMs) {
        long end = also.get(idx).time();
        long c = 0;
        for (int i = idx; i >= 0 && end - also.get(i).time() < windowMs; i--) {
            c++;
        }
        return c;
    }

    private static long runStart(List<Hit> list, int idx, long n, long windowMs) {
        if (idx < 0 || n > list.size()) {
            return Long.MIN_VALUE;
        }
        int k = (int) n;
        long found = Long.MIN_VALUE;
        for (int i = Math.max(0, idx - k + 1); i <= idx && i + k - 1 < list.size(); i++) {
            if (list.get(i + k - 1).time() - list.get(i).time() < windowMs) {
                found = list.get(i).time();
            }
        }
        return found;
    }

    /** The evidence of the hits from {@code from} on, with everything else this group has seen. */
    Evidence evidence(long from) {
        Evidence ev = new Evidence();
        for (Hit h : hits) {
            if (h.time() >= from) {
                ev.counted(h.time(), h.logId(), h.user(), h.ip());
            }
        }
        ev.successes(successes);
        ev.blocked(blocked);
        ev.attrs(attrs);
        ev.subjectLists(subjects);
        ev.raiseDistinctPeak(distinctPeak);
        return ev;
    }

    void seen(long time) {
        lastSeen = Math.max(lastSeen, time);
    }

    long lastSeen() {
        return lastSeen;
    }

    void success() {
        successes++;
    }

    void block() {
        blocked++;
    }

    void raiseDistinctPeak(long p) {
        distinctPeak = Math.max(distinctPeak, p);
    }

    long distinctPeak() {
        return distinctPeak;
    }

    void attrs(Map<String, String> a) {
        if (!a.isEmpty()) {
            attrs.clear();
            attrs.putAll(a);
        }
    }

    void subjects(Map<String, String> s) {
        s.forEach((k, v) -> Evidence.addSubject(subjects, k, v));
    }

    int size() {
        return hits.size();
    }

    byte[] encode() {
        return Codec.encode(out -> {
            out.writeByte(VERSION);
            writeHits(out, hits);
            writeHits(out, also);
            out.writeLong(lastSeen);
            out.writeLong(successes);
            out.writeLong(blocked);
            out.writeLong(distinctPeak);
            Codec.writeMap(out, attrs);
            out.writeShort(subjects.size());
            for (Map.Entry<String, List<String>> e : subjects.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeByte(e.getValue().size());
                for (String v : e.getValue()) {
                    out.writeUTF(v);
                }
            }
        });
    }

    static GroupState decode(byte[] b) {
        return Codec.decode(b, in -> {
            Codec.version(in, VERSION, "group state");
            GroupState g = new GroupState();
            readHits(in, g.hits);
            readHits(in, g.also);
            g.lastSeen = in.readLong();
            g.successes = in.readLong();
            g.blocked = in.readLong();
            g.distinctPeak = in.readLong();
            g.attrs.putAll(Codec.readMap(in));
            int keys = in.readUnsignedShort();
            for (int i = 0; i < keys; i++) {
                String k = in.readUTF();
                int n = in.readUnsignedByte();
                for (int j = 0; j < n; j++) {
                    Evidence.addSubject(g.subjects, k, in.readUTF());
                }
            }
            return g;
        });
    }

    private static void writeHits(java.io.DataOutputStream out, List<Hit> list) throws IOException {
        out.writeInt(list.size());
        for (Hit h : list) {
            out.writeLong(h.time());
            out.writeLong(h.value());
            out.writeUTF(h.logId());
            out.writeLong(h.user());
            out.writeLong(h.ip());
        }
    }

    private static void readHits(DataInputStream in, List<Hit> into) throws IOException {
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            into.add(new Hit(in.readLong(), in.readLong(), in.readUTF(), in.readLong(), in.readLong()));
        }
    }
}
