package io.authstream.schemas.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The 8-bytes-at-a-time check agrees with the JDK's strict decoder. */
class Utf8Test {
    private final SplittableRandom random = new SplittableRandom(42);

    @Test
    void agreesWithTheJdkDecoderOnRandomBytes() {
        byte[] pool = "a{\"}:, \u00e9\u20ac\ud83d\ude00".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 50_000; i++) {
            byte[] b = new byte[random.nextInt(0, 40)];
            for (int k = 0; k < b.length; k++) {
                b[k] = random.nextInt(4) == 0 ? (byte) random.nextInt(1, 256) : pool[random.nextInt(pool.length)];
            }
            boolean jdk = decodes(b);

            assertThat(Utf8.firstInvalid(b, 0, b.length) < 0).as(java.util.HexFormat.of().formatHex(b)).isEqualTo(jdk);
        }
    }

    @Test
    void refusesNulBytesWhichUtf8AllowsButJsonTextNeverHolds() {
        byte[] b = "0123456789abcdef\u0000".getBytes(StandardCharsets.UTF_8);

        assertThat(Utf8.firstInvalid(b, 0, b.length)).isEqualTo(16);
        assertThat(Utf8.firstInvalid(b, 0, 16)).isEqualTo(-1);
    }

    @Test
    void reportsTheLeadByteOfTheFirstBadSequence() {
        byte[] b = {'a', 'b', (byte) 0xE2, (byte) 0x82, 'c', 'd', 'e', 'f', 'g', 'h', 'i'};

        assertThat(Utf8.firstInvalid(b, 0, b.length)).isEqualTo(2);
        assertThat(Utf8.firstInvalid(b, 3, 8)).isEqualTo(3);
    }

    private static boolean decodes(byte[] b) {
        for (byte x : b) {
            if (x == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
