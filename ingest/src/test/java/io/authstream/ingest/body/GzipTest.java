package io.authstream.ingest.body;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class GzipTest {
    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    @Test
    void inflatesABodyUpToTheLimitExactly() throws IOException {
        byte[] data = "x".repeat(100_000).getBytes();
        byte[] gz = gzip(data);
        Gzip.Inflated in = Gzip.inflate(gz, gz.length, 100_000);
        assertThat(in.length()).isEqualTo(100_000);
        assertThat(java.util.Arrays.copyOf(in.bytes(), in.length())).isEqualTo(data);
    }

    @Test
    void refusesABombAsSoonAsItPassesTheLimit() throws IOException {
        byte[] bomb = gzip(new byte[50 << 20]);
        assertThat(bomb.length).isLessThan(100_000);
        assertThatThrownBy(() -> Gzip.inflate(bomb, bomb.length, 1 << 20)).isInstanceOf(Gzip.TooLargeException.class);
    }

    @Test
    void asksForEveryAllocationSoManyBombsCannotAddUp() throws IOException {
        byte[] gz = gzip(new byte[4 << 20]);
        long[] granted = {0};
        Gzip.Inflated in = Gzip.inflate(gz, gz.length, 8 << 20, n -> {
            granted[0] += n;
            return true;
        });
        assertThat(in.length()).isEqualTo(4 << 20);
        assertThat(granted[0]).isEqualTo(in.bytes().length);
        assertThatThrownBy(() -> Gzip.inflate(gz, gz.length, 8 << 20, n -> n < 100_000))
                .isInstanceOf(Gzip.OverBudgetException.class);
    }

    @Test
    void refusesInputThatIsNotGzip() {
        byte[] junk = "{\"not\":\"gzip\"}".getBytes();
        assertThatThrownBy(() -> Gzip.inflate(junk, junk.length, 1 << 20)).isInstanceOf(IOException.class)
                .isNotInstanceOf(Gzip.TooLargeException.class);
    }

    @Test
    void refusesATruncatedStream() throws IOException {
        byte[] gz = gzip("x".repeat(10_000).getBytes());
        assertThatThrownBy(() -> Gzip.inflate(gz, gz.length / 2, 1 << 20)).isInstanceOf(IOException.class);
    }
}
