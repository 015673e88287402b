package io.authstream.schemas.event;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Strict UTF-8 check (RFC 3629, table 3-7 of Unicode), also refusing NUL bytes. */
final class Utf8 {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long ONES = 0x0101010101010101L;

    private Utf8() {
    }

    /**
     * Index of the first NUL byte or of the first byte starting an ill-formed sequence (a bad lead
     * byte, or a lead byte whose continuation is missing or wrong), or -1 if there is none.
     */
    static int firstInvalid(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            if (i + 8 <= end) {
                long w = (long) LONGS.get(b, i);
                // No byte has its high bit set, and no byte is zero: eight ASCII characters at once.
                if (((w & HIGH_BITS) | ((w - ONES) & ~w & HIGH_BITS)) == 0) {
                    i += 8;
                    continue;
                }
            }
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                if (c == 0) {
                    return i;
                }
                i++;
                continue;
            }
            int more;
            int lo = 0x80;
            int hi = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                more = 1;
            } else if (c == 0xE0) {
                more = 2;
                lo = 0xA0; // no overlong 3-byte forms
            } else if (c == 0xED) {
                more = 2;
                hi = 0x9F; // no surrogates
            } else if (c >= 0xE1 && c <= 0xEF) {
                more = 2;
            } else if (c == 0xF0) {
                more = 3;
                lo = 0x90; // no overlong 4-byte forms
            } else if (c >= 0xF1 && c <= 0xF3) {
                more = 3;
            } else if (c == 0xF4) {
                more = 3;
                hi = 0x8F; // nothing above U+10FFFF
            } else {
                return i; // 0x80-0xC1 (continuation or overlong lead) and 0xF5-0xFF
            }
            if (i + 1 >= end) {
                return i;
            }
            int c1 = b[i + 1] & 0xFF;
            if (c1 < lo || c1 > hi) {
                return i;
            }
            for (int k = 2; k <= more; k++) {
                if (i + k >= end) {
                    return i;
                }
                int ck = b[i + k] & 0xFF;
                if (ck < 0x80 || ck > 0xBF) {
                    return i;
                }
            }
            i += more + 1;
        }
        return -1;
    }
}
