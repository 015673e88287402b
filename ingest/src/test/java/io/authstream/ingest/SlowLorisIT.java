package io.authstream.ingest;

import static io.authstream.ingest.TestEvents.events;
import static io.authstream.ingest.TestEvents.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.embedded.EmbeddedKafka;
import io.authstream.embedded.junit.EmbeddedStack;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Review finding H5: 2,000 connections that trickle a request head one byte at a time, from four
 * loopback addresses (127.0.0.2-5; Linux routes all of 127/8 to lo), must not keep Auth0 (127.0.0.1
 * here) out. The attack is bounded: at most 2,000 sockets and about 10 s, and it stops by itself.
 */
@EmbeddedStack
class SlowLorisIT {
    private static final int SOCKETS = 2_000;
    private static final int ATTACKERS = 4;
    private static final int PER_ADDRESS = 50;
    private static final byte[] HEAD = "POST /v1/auth0/main HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);

    @Test
    void letsAValidBatchThroughWithinTwoSecondsWhile2000ConnectionsTrickleTheirHeads(EmbeddedKafka kafka) throws Exception {
        Map<String, String> c = IngestFixture.config(kafka.bootstrapServers());
        c.put("ingest.http.header-timeout", "3s");
        c.put("ingest.http.max-connections-per-address", String.valueOf(PER_ADDRESS));
        List<Socket> sockets = new ArrayList<>();
        AtomicBoolean attacking = new AtomicBoolean(true);
        Thread trickler = null;
        try (IngestServer s = IngestFixture.start(c)) {
            long openUntil = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            for (int i = 0; i < SOCKETS && System.nanoTime() < openUntil; i++) {
                Socket socket = new Socket();
                try {
                    socket.bind(new InetSocketAddress("127.0.0." + (2 + i % ATTACKERS), 0));
                    socket.connect(new InetSocketAddress("127.0.0.1", s.port()), 500);
                    socket.getOutputStream().write(HEAD);
                    sockets.add(socket);
                } catch (IOException e) {
                    socket.close(); // refused or closed at once: that is the defence working
                }
            }
            trickler = Thread.ofPlatform().daemon().start(() -> {
                while (attacking.get()) {
                    for (Socket socket : sockets) {
                        try {
                            socket.getOutputStream().write('x');
                        } catch (IOException e) {
                            // closed by the server
                        }
                    }
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });

            long t0 = System.nanoTime();
            HttpResponse<String> ok = IngestFixture.post(s, lines(events("during-loris", 10)));
            long millis = Duration.ofNanos(System.nanoTime() - t0).toMillis();
            System.out.printf("SlowLorisIT: %d sockets held open, %d closed over the per-address cap; a valid batch took %d ms%n",
                    sockets.size(), s.connectionGuard().closedOverCap(), millis);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(millis).as("a valid batch during the attack, in ms").isLessThan(2_000);
            // Not exactly SOCKETS - ATTACKERS * PER_ADDRESS: a closed connection frees its place for the next.
            assertThat(s.connectionGuard().closedOverCap()).as("connections over the per-address cap")
                    .isGreaterThanOrEqualTo(SOCKETS / 2);

            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (s.connectionGuard().open() > 0 && System.nanoTime() < end) {
                Thread.sleep(100);
            }
            assertThat(s.connectionGuard().open()).as("trickling connections left after the header timeout").isZero();
            assertThat(s.connectionGuard().closedSlow()).as("closed for not finishing their heads").isGreaterThanOrEqualTo(ATTACKERS * PER_ADDRESS);
        } finally {
            attacking.set(false);
            if (trickler != null) {
                trickler.join(5_000);
            }
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
