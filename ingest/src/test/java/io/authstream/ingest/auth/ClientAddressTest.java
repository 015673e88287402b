package io.authstream.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
    private static final List<Cidr> PROXIES = List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8"));
    private final ClientAddress behindProxies = new ClientAddress(true, PROXIES);

    private static InetAddress ip(String s) {
        return Cidr.address(s);
    }

    @Test
    void takesTheRightMostHopThatIsNotATrustedProxy() {
        // The client forged the left-most hop; the load balancer appended the address it really saw.
        assertThat(behindProxies.resolve(ip("10.0.0.5"), List.of("52.28.56.226, 198.51.100.9"))).isEqualTo(ip("198.51.100.9"));
        assertThat(behindProxies.resolve(ip("10.0.0.5"), List.of("52.28.56.226", "198.51.100.9, 10.0.0.7"))).isEqualTo(ip("198.51.100.9"));
    }

    @Test
    void ignoresTheHeaderFromAPeerThatIsNotATrustedProxy() {
        assertThat(behindProxies.resolve(ip("198.51.100.9"), List.of("52.28.56.226"))).isEqualTo(ip("198.51.100.9"));
    }

    @Test
    void ignoresTheHeaderWhenForwardedHeadersAreNotTrusted() {
        assertThat(new ClientAddress(false, PROXIES).resolve(ip("10.0.0.5"), List.of("52.28.56.226"))).isEqualTo(ip("10.0.0.5"));
    }

    @Test
    void usesThePeerWhenATrustedProxySendsNoHeader() {
        assertThat(behindProxies.resolve(ip("10.0.0.5"), List.of())).isEqualTo(ip("10.0.0.5"));
    }

    @Test
    void givesUnknownWhenTheRightMostUntrustedHopIsNotAnAddress() {
        assertThat(behindProxies.resolve(ip("10.0.0.5"), List.of("52.28.56.226, unknown"))).isNull();
        assertThat(behindProxies.resolve(ip("10.0.0.5"), List.of("52.28.56.226, evil.example, 10.1.1.1"))).isNull();
    }

    @Test
    void readsPortsAndIpv6Hops() {
        assertThat(behindProxies.resolve(ip("10.0.0.5"), List.of("198.51.100.9:4711"))).isEqualTo(ip("198.51.100.9"));
        assertThat(behindProxies.resolve(ip("10.0.0.5"), List.of("[2001:db8::1]:443, fd00::3"))).isEqualTo(ip("2001:db8::1"));
        assertThat(behindProxies.resolve(ip("fd00::2"), List.of("2001:db8::2"))).isEqualTo(ip("2001:db8::2"));
    }

    @Test
    void takesTheLeftMostHopWhenEveryHopIsATrustedProxy() {
        assertThat(behindProxies.resolve(ip("10.0.0.5"), List.of("10.9.9.9, 10.0.0.6"))).isEqualTo(ip("10.9.9.9"));
    }
}
