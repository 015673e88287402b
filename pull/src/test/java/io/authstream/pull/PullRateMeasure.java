package io.authstream.pull;

import io.authstream.embedded.emulator.ManagementApiEmulator;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/**
 * Not a test: measures the pull rate against the emulator's rate limit (fake sink, no Kafka).
 * Args: emulator-limit-req-per-s  pull.max-rate  events. Figures in docs/pull.md.
 */
public final class PullRateMeasure {
    public static void main(String[] a) throws Exception {
        int limit = Integer.parseInt(a[0]);
        double maxRate = Double.parseDouble(a[1]);
        int n = Integer.parseInt(a[2]);
        try (ManagementApiEmulator auth0 = ManagementApiEmulator.start(Fakes.CLIENT_ID, Fakes.CLIENT_SECRET, Duration.ofHours(1), limit, Clock.systemUTC())) {
            auth0.addEnvelopes(TestLogs.envelopes(1, Instant.parse("2026-11-30T00:00:00Z"), n));
            java.util.Map<String, String> m = Fakes.config(auth0.baseUri());
            m.put("pull.take", "100");
            m.put("pull.max-rate", String.valueOf(maxRate));
            PullConfig c = PullConfig.from(io.authstream.schemas.config.Config.of(m));
            HttpClient http = HttpClient.newHttpClient();
            Fakes.Sink sink = new Fakes.Sink();
            LogPuller p = new LogPuller(c, new LogsApi(http, new TokenSource(http, c, Clock.systemUTC()), c), sink, new Fakes.Store(),
                    Clock.systemUTC(), Sleeper.SYSTEM, new Random());
            long t0 = System.nanoTime();
            while (sink.records.size() < n) {
                LogPuller.Step s = p.step();
                if (!s.delay().isZero()) Thread.sleep(s.delay().toMillis());
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("limit=%d req/s max-rate=%.1f: %d events in %.2f s = %.0f events/s, %d requests (%.2f req/s), %d x 429%n",
                    limit, maxRate, n, secs, n / secs, auth0.logRequests(), auth0.logRequests() / secs, auth0.rateLimited());
        }
    }
}
