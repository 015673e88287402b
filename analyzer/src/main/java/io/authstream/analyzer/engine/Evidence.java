package io.authstream.analyzer.engine;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What has been seen for one group in one window (or for one alert while it is open): the count,
 * successes and blocks seen as evidence, first and last event time, up to {@value #MAX_SAMPLES}
 * sample {@code log_id}s, and distinct users and IPs. Distinct values are kept as 64-bit hashes and
 * saturate at {@value #MAX_DISTINCT} (reported as "at least"), which bounds the state per group.
 * Mutable; owned by one processor at a time.
 */
public final class Evidence {
    public static final int MAX_SAMPLES = 10;
    public static final int MAX_DISTINCT = 64;
    private static final int MAX_ATTRS = 8;
    private static final int VERSION = 2;
    /** Open alerts written by the previous version (no subjects, no distinct peak) are still read. */
    private static final int PREVIOUS = 1;

    private long count;
    private long successes;
    private long blocked;
    private long firstTime = Long.MAX_VALUE;
    private long lastTime = Long.MIN_VALUE;
    private boolean fired;
    private final List<String> samples = new ArrayList<>(2);
    private long[] users = new long[0];
    private long[] ips = new long[0];
    private final Map<String, String> attrs = new LinkedHashMap<>();
    private final Map<String, List<String>> subjects = new LinkedHashMap<>();
    private long distinctPeak;

    /** Adds a signal: a COUNT counts, SUCCESS and BLOCKED are evidence only; every kind may name subjects. */
    public void add(Signal s) {
        switch (s.kind()) {
            case COUNT -> {
                counted(s.time(), s.logId(), s.user() == null ? 0 : hash(s.user()), s.ip() == null ? 0 : hash(s.ip()));
                attrs(s.attrs());
            }
            case SUCCESS -> successes++;
            case BLOCKED -> blocked++;
            default -> {
            }
        }
        if (s.kind() == Signal.Kind.COUNT) {
            subjects(s.subjects());
        }
    }

    /** One counted event, its user and IP given as {@link #hash hashes} (0 for none). */
    void counted(long time, String logId, long userHash, long ipHash) {
        count++;
        firstTime = Math.min(firstTime, time);
        lastTime = Math.max(lastTime, time);
        if (samples.size() < MAX_SAMPLES && !logId.isEmpty()) {
            samples.add(logId);
        }
        if (userHash != 0) {
            users = addHash(users, userHash);
        }
        if (ipHash != 0) {
            ips = addHash(ips, ipHash);
        }
    }

    void attrs(Map<String, String> a) {
        a.forEach((k, v) -> {
            if (attrs.containsKey(k) || attrs.size() < MAX_ATTRS) {
                attrs.put(k, v);
            }
        });
    }

    /** Adds subject values, keeping up to {@link Subjects#MAX_VALUES} distinct ones per key. */
    void subjects(Map<String, String> s) {
        s.forEach((k, v) -> addSubject(subjects, k, v));
    }

    void subjectLists(Map<String, List<String>> s) {
        s.forEach((k, vs) -> vs.forEach(v -> addSubject(subjects, k, v)));
    }

    static void addSubject(Map<String, List<String>> into, String k, String v) {
        List<String> l = into.computeIfAbsent(k, x -> new ArrayList<>(1));
        if (l.size() < Subjects.MAX_VALUES && !l.contains(v)) {
            l.add(v);
        }
    }

    void successes(long n) {
        successes += n;
    }

    void blocked(long n) {
        blocked += n;
    }

    /** Raises the peak of the rule's extra distinct condition (distinct values seen within one window). */
    void raiseDistinctPeak(long p) {
        distinctPeak = Math.max(distinctPeak, p);
    }

    /**
     * The most distinct values of the rule's extra distinct-count condition seen in any one window
     * (e.g. distinct users per IP within 1 h for credential stuffing), saturating at that condition's
     * threshold; 0 when the rule has none.
     */
    public long distinctPeak() {
        return distinctPeak;
    }

    /** Subject key to distinct values seen (insertion order), see {@link Subjects}. */
    public Map<String, List<String>> subjects() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        subjects.forEach((k, v) -> m.put(k, List.copyOf(v)));
        return m;
    }

    private static long[] addHash(long[] set, long h) {
        if (set.length >= MAX_DISTINCT) {
            return set;
        }
        int i = Arrays.binarySearch(set, h);
        if (i >= 0) {
            return set;
        }
        int at = -i - 1;
        long[] out = new long[set.length + 1];
        System.arraycopy(set, 0, out, 0, at);
        out[at] = h;
        System.arraycopy(set, at, out, at + 1, set.length - at);
        return out;
    }

    /** 64-bit FNV-1a; collisions only make a distinct count a little low. */
    static long hash(String s) {
        if (s == null) {
            return 0;
        }
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b;
            h *= 0x100000001b3L;
        }
        return h;
    }

    public long count() {
        return count;
    }

    public long successes() {
        return successes;
    }

    public long blocked() {
        return blocked;
    }

    public long distinctUsers() {
        return users.length;
    }

    public long distinctIps() {
        return ips.length;
    }

    /** Whether the distinct-user count hit its cap (so the real number may be higher). */
    public boolean usersSaturated() {
        return users.length >= MAX_DISTINCT;
    }

    public long firstTime() {
        return firstTime;
    }

    public long lastTime() {
        return lastTime;
    }

    public boolean hasEvents() {
        return count > 0;
    }

    public List<String> samples() {
        return List.copyOf(samples);
    }

    public Map<String, String> attrs() {
        return Map.copyOf(attrs);
    }

    /** Whether this window already crossed its threshold (so it never fires twice). */
    public boolean fired() {
        return fired;
    }

    public void markFired() {
        fired = true;
    }

    public Evidence copy() {
        return decode(encode());
    }

    public byte[] encode() {
        return Codec.encode(this::write);
    }

    void write(DataOutputStream out) throws IOException {
        out.writeByte(VERSION);
        out.writeLong(count);
        out.writeLong(successes);
        out.writeLong(blocked);
        out.writeLong(firstTime);
        out.writeLong(lastTime);
        out.writeBoolean(fired);
        out.writeByte(samples.size());
        for (String s : samples) {
            out.writeUTF(s);
        }
        writeLongs(out, users);
        writeLongs(out, ips);
        Codec.writeMap(out, attrs);
        out.writeShort(subjects.size());
        for (Map.Entry<String, List<String>> e : subjects.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeByte(e.getValue().size());
            for (String v : e.getValue()) {
                out.writeUTF(v);
            }
        }
        out.writeLong(distinctPeak);
    }

    public static Evidence decode(byte[] b) {
        return Codec.decode(b, Evidence::read);
    }

    static Evidence read(DataInputStream in) throws IOException {
        int v = in.readUnsignedByte();
        if (v != VERSION && v != PREVIOUS) {
            throw new IOException("evidence has format version " + v + ", expected " + VERSION);
        }
        Evidence e = new Evidence();
        e.count = in.readLong();
        e.successes = in.readLong();
        e.blocked = in.readLong();
        e.firstTime = in.readLong();
        e.lastTime = in.readLong();
        e.fired = in.readBoolean();
        int n = in.readUnsignedByte();
        for (int i = 0; i < n; i++) {
            e.samples.add(in.readUTF());
        }
        e.users = readLongs(in);
        e.ips = readLongs(in);
        e.attrs.putAll(Codec.readMap(in));
        if (v == VERSION) {
            int keys = in.readUnsignedShort();
            for (int i = 0; i < keys; i++) {
                String k = in.readUTF();
                int m = in.readUnsignedByte();
                for (int j = 0; j < m; j++) {
                    addSubject(e.subjects, k, in.readUTF());
                }
            }
            e.distinctPeak = in.readLong();
        }
        return e;
    }

    private static void writeLongs(DataOutputStream out, long[] a) throws IOException {
        out.writeShort(a.length);
        for (long x : a) {
            out.writeLong(x);
        }
    }

    private static long[] readLongs(DataInputStream in) throws IOException {
        long[] a = new long[in.readUnsignedShort()];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readLong();
        }
        return a;
    }
}
