package io.authstream.ingest.body;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.function.LongPredicate;
import java.util.zip.GZIPInputStream;

/**
 * Decompresses a gzip body with a hard limit on the output, so a "gzip bomb" (a few KB that inflate
 * to gigabytes) costs at most {@code maxBytes} of memory and is refused as soon as it passes it.
 */
public final class Gzip {
    private Gzip() {
    }

    /** The decompressed body; its length is {@code result.length()}. */
    public record Inflated(byte[] bytes, int length) {
    }

    /** The decompressed body would exceed the limit. */
    public static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(long limit) {
            super("the decompressed body is larger than " + limit + " bytes");
        }
    }

    /** The caller's memory budget refused more bytes. */
    public static final class OverBudgetException extends IOException {
        private static final long serialVersionUID = 1L;

        OverBudgetException() {
            super("no memory budget left to inflate the body");
        }
    }

    public static Inflated inflate(byte[] in, int length, int maxBytes) throws IOException {
        return inflate(in, length, maxBytes, n -> true);
    }

    /**
     * @param reserve asked for every allocation of the output buffer (the bytes it adds) before it
     *                is made; false stops with {@link OverBudgetException}, so many bombs at once
     *                cannot add up past the server's in-flight byte bound
     * @throws TooLargeException when the output would pass {@code maxBytes}
     * @throws IOException       when the input is not valid gzip
     */
    public static Inflated inflate(byte[] in, int length, int maxBytes, LongPredicate reserve) throws IOException {
        int initial = (int) Math.min(maxBytes, Math.max(8192L, length * 4L));
        if (!reserve.test(initial)) {
            throw new OverBudgetException();
        }
        byte[] out = new byte[initial];
        int n = 0;
        try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(in, 0, length), 8192)) {
            while (true) {
                if (n == out.length) {
                    if (n >= maxBytes) {
                        if (gz.read() < 0) {
                            break;
                        }
                        throw new TooLargeException(maxBytes);
                    }
                    int grown = (int) Math.min(maxBytes, (long) out.length * 2);
                    if (!reserve.test(grown - out.length)) {
                        throw new OverBudgetException();
                    }
                    out = Arrays.copyOf(out, grown);
                }
                int r = gz.read(out, n, out.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        }
        return new Inflated(out, n);
    }
}
