package io.authstream.pull;

import io.authstream.embedded.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.embedded.emulator.ManagementApiEmulator;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenSourceTest {

    @Test
    void reusesTheTokenUntilFiveMinutesBeforeItExpires() {
        try (ManagementApiEmulator auth0 = ManagementApiEmulator.start(Fakes.CLIENT_ID, Fakes.CLIENT_SECRET, Duration.ofHours(24), 0,
                Clock.systemUTC())) {
            MutableClock clock = new MutableClock(Instant.now());
            TokenSource tokens = new TokenSource(HttpClient.newHttpClient(), Fakes.pullConfig(auth0.baseUri()), clock);

            String first = tokens.token();
            clock.advance(Duration.ofHours(23).plusMinutes(54));
            String sameOne = tokens.token();
            clock.advance(Duration.ofMinutes(2));
            String renewed = tokens.token();

            assertThat(sameOne).isEqualTo(first);
            assertThat(renewed).isNotEqualTo(first);
            assertThat(auth0.tokensIssued()).isEqualTo(2);
        }
    }

    @Test
    void fetchesANewTokenAfterInvalidation() {
        try (ManagementApiEmulator auth0 = ManagementApiEmulator.start(Fakes.CLIENT_ID, Fakes.CLIENT_SECRET, Duration.ofHours(1), 0,
                Clock.systemUTC())) {
            TokenSource tokens = new TokenSource(HttpClient.newHttpClient(), Fakes.pullConfig(auth0.baseUri()), Clock.systemUTC());
            String first = tokens.token();
            tokens.invalidate();

            assertThat(tokens.token()).isNotEqualTo(first);
        }
    }
}
