package io.authstream.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrTest {
    @Test
    void matchesAddressesInsideAnIpv4Range() {
        Cidr c = Cidr.parse("52.28.56.0/24");
        assertThat(c.contains(Cidr.address("52.28.56.226"))).isTrue();
        assertThat(c.contains(Cidr.address("52.28.57.1"))).isFalse();
    }

    @Test
    void treatsABareAddressAsThatAddressOnly() {
        Cidr c = Cidr.parse("10.0.0.7");
        assertThat(c.contains(Cidr.address("10.0.0.7"))).isTrue();
        assertThat(c.contains(Cidr.address("10.0.0.8"))).isFalse();
    }

    @Test
    void matchesIpv6RangesAndNeverMixesFamilies() {
        Cidr c = Cidr.parse("2001:db8::/32");
        assertThat(c.contains(Cidr.address("2001:db8:1::5"))).isTrue();
        assertThat(c.contains(Cidr.address("2001:db9::1"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(Cidr.address("::1"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(Cidr.address("8.8.8.8"))).isTrue();
    }

    @Test
    void refusesHostNamesAndBadPrefixesWithoutResolvingAnything() {
        assertThatThrownBy(() -> Cidr.parse("auth0.com")).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).hasMessageContaining("prefix length");
        assertThat(Cidr.address("example.com")).isNull();
    }
}
