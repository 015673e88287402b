package io.authstream.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.ingest.StreamConfig;
import io.authstream.schemas.config.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamAuthenticatorTest {
    private static final String OLD = "old-token-0123456789";
    private static final String NEW = "Bearer new-token-0123456789";
    private final StreamConfig main = new StreamConfig("main", "acme", List.of(Secret.of(OLD), Secret.of(NEW)), List.of(), 0);
    private final StreamConfig fenced = new StreamConfig("fenced", "acme", List.of(Secret.of(OLD)),
            List.of(Cidr.parse("52.28.56.0/24")), 0);
    private final StreamAuthenticator auth = new StreamAuthenticator(List.of(main, fenced));
    private final java.net.InetAddress local = Cidr.address("127.0.0.1");

    @Test
    void acceptsEveryConfiguredTokenSoTokensRotateWithoutDowntimeAndSaysWhichByPosition() {
        assertThat(auth.authenticate("main", OLD, local)).isEqualTo(new StreamAuthenticator.Outcome.Allowed(main, 1));
        assertThat(auth.authenticate("main", NEW, local)).isEqualTo(new StreamAuthenticator.Outcome.Allowed(main, 2));
    }

    @Test
    void comparesTheHeaderVerbatimBearerPrefixIncluded() {
        assertThat(auth.authenticate("main", "new-token-0123456789", local)).isInstanceOf(StreamAuthenticator.Outcome.Denied.class);
        assertThat(auth.authenticate("main", "Bearer " + OLD, local)).isInstanceOf(StreamAuthenticator.Outcome.Denied.class);
        assertThat(auth.authenticate("main", OLD + " ", local)).isInstanceOf(StreamAuthenticator.Outcome.Denied.class);
    }

    @Test
    void refusesMissingBlankAndWrongTokensAndUnknownStreams() {
        assertThat(auth.authenticate("main", null, local)).isEqualTo(new StreamAuthenticator.Outcome.Denied("missing Authorization header"));
        assertThat(auth.authenticate("main", "  ", local)).isEqualTo(new StreamAuthenticator.Outcome.Denied("blank Authorization header"));
        assertThat(auth.authenticate("main", "nope", local)).isEqualTo(new StreamAuthenticator.Outcome.Denied("wrong token"));
        assertThat(auth.authenticate("other", OLD, local)).isEqualTo(new StreamAuthenticator.Outcome.Denied("unknown stream"));
        assertThat(auth.authenticate(null, OLD, local)).isEqualTo(new StreamAuthenticator.Outcome.Denied("unknown stream"));
    }

    @Test
    void refusesARightTokenFromOutsideTheAllowedRanges() {
        assertThat(auth.authenticate("fenced", OLD, local)).isEqualTo(new StreamAuthenticator.Outcome.Denied("source address not in allowed-cidrs"));
        assertThat(auth.authenticate("fenced", OLD, Cidr.address("52.28.56.9"))).isInstanceOf(StreamAuthenticator.Outcome.Allowed.class);
        assertThat(auth.authenticate("fenced", OLD, null)).isInstanceOf(StreamAuthenticator.Outcome.Denied.class);
    }
}
