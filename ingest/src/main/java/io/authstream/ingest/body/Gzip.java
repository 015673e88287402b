package io.authstream.ingest.body;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
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

    /**
     * @throws TooLargeException when the output would pass {@code maxBytes}
     * @throws IOException       when the input is not valid gzip
     */
    public static Inflated inflate(byte[] in, int length, int maxBytes) throws IOException {
        byte[] out = new byte[Math.min(maxBytes, Math.max(8192, length * 4))];
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
                    out = Arrays.copyOf(out, (int) Math.min(maxBytes, (long) out.length * 2));
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
