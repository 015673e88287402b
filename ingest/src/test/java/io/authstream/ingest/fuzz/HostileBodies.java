package io.authstream.ingest.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of hostile request bodies for property tests: batches mixing valid events with hostile
 * ones (broken JSON, bad envelopes, deep nesting, huge strings and numbers, duplicate keys, invalid
 * UTF-8), in every layout, then possibly re-encoded (UTF-16/32), truncated, or gzip-tricked.
 */
public final class HostileBodies {
    private static final AtomicLong IDS = new AtomicLong();

    private HostileBodies() {
    }

    /** A generated body and what is known about it. */
    public record Body(byte[] bytes, String contentEncoding, List<String> validIds, boolean intact, String layout, String mutation) {
        /** True when every valid event in it must be found (nothing re-encoded, truncated or layout-breaking). */
        public boolean validEventsMustSurvive() {
            return intact;
        }

        @Override
        public String toString() {
            return layout + "/" + mutation + " (" + bytes.length + " bytes, " + validIds.size() + " valid)";
        }
    }

    /** @param random arbitrary bytes (may hold newlines, may start like anything) */
    private record Piece(byte[] bytes, String validId, boolean breaksArrays, boolean random) {
        Piece(byte[] bytes, String validId, boolean breaksArrays) {
            this(bytes, validId, breaksArrays, false);
        }
    }

    static String valid(String id) {
        return "{\"log_id\":\"" + id + "\",\"data\":{\"type\":\"f\",\"date\":\"2026-11-27T10:15:30.123Z\",\"ip\":\"203.0.113.7\"}}";
    }

    private static Arbitrary<Piece> piece() {
        Arbitrary<Piece> good = Arbitraries.longs().between(0, Long.MAX_VALUE).map(n -> {
            String id = "fz-" + Long.toString(n, 36) + "-" + IDS.incrementAndGet();
            return new Piece(utf8(valid(id)), id, false);
        });
        Arbitrary<Piece> envelope = Arbitraries.of(
                "{\"data\":{\"type\":\"f\",\"date\":\"2026-11-27T10:15:30Z\"}}",
                "{\"log_id\":\"\",\"data\":{}}", "{\"log_id\":5}", "42", "null", "\"s\"", "[1,2]", "true",
                "{\"log_id\":\"x\",\"data\":{\"type\":\"f\",\"date\":\"never\"}}",
                "{\"log_id\":\"d\",\"log_id\":\"e\",\"data\":{\"type\":\"f\",\"date\":\"2026-11-27T10:15:30Z\"}}",
                "{\"log_id\":\"i\",\"data\":{\"type\":\"f\",\"date\":\"2026-11-27T10:15:30Z\",\"log_id\":\"j\"}}")
                .map(s -> new Piece(utf8(s), null, false));
        Arbitrary<Piece> syntax = Arbitraries.of("{", "{\"log_id\":", "{'a':1}", "{\"a\":1,}", "{\"a\":NaN}", "<html>", "{\"a\":1}}")
                .map(s -> new Piece(utf8(s), null, true));
        Arbitrary<Piece> deep = Arbitraries.integers().between(30, 3000)
                .map(d -> new Piece(utf8("{\"log_id\":\"deep\",\"data\":{\"x\":" + "[".repeat(d) + "]".repeat(d) + "}}"), null, d > 990));
        Arbitrary<Piece> huge = Arbitraries.of("\"" + "A".repeat(300_000) + "\"", "9".repeat(5_000), "1e99999999", "-" + "1".repeat(1_200))
                .map(v -> new Piece(utf8("{\"log_id\":\"big\",\"data\":{\"type\":\"f\",\"date\":\"2026-11-27T10:15:30Z\",\"x\":" + v + "}}"), null, false));
        Arbitrary<Piece> badUtf8 = Arbitraries.of(new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        new byte[] {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
                        new byte[] {(byte) 0xFF}, new byte[] {(byte) 0x80}, new byte[] {0})
                .map(seq -> {
                    byte[] head = utf8("{\"log_id\":\"u8\",\"data\":{\"type\":\"f\",\"date\":\"2026-11-27T10:15:30Z\",\"x\":\"");
                    // Bytes Jackson refuses by itself break an array's structure (documented); the lax ones do not.
                    boolean jacksonRefuses = seq.length == 1;
                    return new Piece(concat(head, seq, utf8("\"}}")), null, jacksonRefuses);
                });
        Arbitrary<Piece> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(64)
                .map(b -> new Piece(b, null, true, true));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(12, good), net.jqwik.api.Tuple.of(3, envelope), net.jqwik.api.Tuple.of(1, syntax),
                net.jqwik.api.Tuple.of(1, deep), net.jqwik.api.Tuple.of(1, huge), net.jqwik.api.Tuple.of(1, badUtf8),
                net.jqwik.api.Tuple.of(1, random));
    }

    /** Bodies for the batch parser (no gzip). */
    public static Arbitrary<Body> bodies() {
        return Combinators.combine(piece().list().ofMinSize(0).ofMaxSize(8), Arbitraries.of("lines", "array", "object", "crlf-lines"),
                        Arbitraries.of("none", "none", "none", "utf-16le", "utf-16be", "utf-32", "truncate", "flip-byte", "bom", "nul-prefix"),
                        Arbitraries.integers().between(0, Integer.MAX_VALUE))
                .as(HostileBodies::assemble);
    }

    /** Bodies for the HTTP edge: the parser's, sometimes gzipped, truncated gzip, gzip declared on plain, or double gzip. */
    public static Arbitrary<Body> requests() {
        return Combinators.combine(bodies(), Arbitraries.of("none", "none", "none", "gzip", "gzip-truncated", "gzip-on-plain", "gzip-twice"))
                .as((b, g) -> switch (g) {
                    case "gzip" -> new Body(gzip(b.bytes()), "gzip", b.validIds(), b.intact(), b.layout(), b.mutation() + "+gzip");
                    case "gzip-truncated" -> new Body(java.util.Arrays.copyOf(gzip(b.bytes()), Math.max(1, gzip(b.bytes()).length / 2)),
                            "gzip", List.of(), false, b.layout(), b.mutation() + "+gzip-truncated");
                    case "gzip-on-plain" -> new Body(b.bytes(), "gzip", List.of(), false, b.layout(), b.mutation() + "+gzip-on-plain");
                    case "gzip-twice" -> new Body(gzip(gzip(b.bytes())), "gzip", List.of(), false, b.layout(), b.mutation() + "+gzip-twice");
                    default -> b;
                });
    }

    private static Body assemble(List<Piece> pieces, String layout, String mutation, int seed) {
        List<String> ids = new ArrayList<>();
        boolean arrayBreaking = false;
        for (Piece p : pieces) {
            if (p.validId() != null) {
                ids.add(p.validId());
            }
            arrayBreaking |= p.breaksArrays();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean intact;
        switch (layout) {
            case "array" -> {
                out.writeBytes(utf8("["));
                for (int i = 0; i < pieces.size(); i++) {
                    if (i > 0) {
                        out.writeBytes(utf8(","));
                    }
                    out.writeBytes(pieces.get(i).bytes());
                }
                out.writeBytes(utf8("]"));
                intact = !arrayBreaking;
            }
            case "object" -> {
                Piece first = pieces.isEmpty() ? new Piece(utf8(valid("fz-o-" + IDS.incrementAndGet())), null, false) : pieces.get(0);
                out.writeBytes(first.bytes());
                ids = first.validId() == null ? List.of() : List.of(first.validId());
                intact = first.validId() != null;
            }
            default -> {
                String nl = layout.equals("crlf-lines") ? "\r\n" : "\n";
                for (Piece p : pieces) {
                    out.writeBytes(p.bytes());
                    out.writeBytes(utf8(nl));
                }
                // The first byte decides the layout, and random bytes may hold newlines or look like another encoding.
                intact = pieces.stream().noneMatch(Piece::random) && (pieces.isEmpty() || pieces.get(0).bytes()[0] == '{');
            }
        }
        byte[] b = out.toByteArray();
        java.util.Random r = new java.util.Random(seed);
        switch (mutation) {
            case "utf-16le" -> b = reencode(b, StandardCharsets.UTF_16LE);
            case "utf-16be" -> b = reencode(b, StandardCharsets.UTF_16BE);
            case "utf-32" -> b = reencode(b, Charset.forName("UTF-32"));
            case "truncate" -> b = java.util.Arrays.copyOf(b, b.length == 0 ? 0 : r.nextInt(b.length));
            case "flip-byte" -> {
                if (b.length > 0) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case "bom" -> b = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, b);
            case "nul-prefix" -> b = concat(new byte[] {0}, b);
            default -> { }
        }
        boolean untouched = mutation.equals("none") || mutation.equals("bom");
        return new Body(b, null, ids, intact && untouched, layout, mutation);
    }

    private static byte[] reencode(byte[] utf8, Charset cs) {
        return new String(utf8, StandardCharsets.UTF_8).getBytes(cs);
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static boolean contains(byte[] b, byte c) {
        for (byte x : b) {
            if (x == c) {
                return true;
            }
        }
        return false;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
