package io.authstream.pull;

import io.authstream.embedded.emulator.EventFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Realistic events from the emulator's factory, in envelope form, one second apart. */
final class TestLogs {
    private TestLogs() {
    }

    static List<byte[]> envelopes(long seed, Instant start, int n) {
        EventFactory f = new EventFactory(new Random(seed), "acme");
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant at = start.plus(Duration.ofSeconds(i));
            out.add(f.login(i % 5 == 0 ? "f" : "s", at, f.randomIp(), i % 17, f.client(), "login"));
        }
        return out;
    }
}
