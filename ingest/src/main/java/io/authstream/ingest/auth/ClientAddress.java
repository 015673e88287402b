package io.authstream.ingest.auth;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Who sent a request. Without {@code ingest.http.trust-forwarded-headers} it is the TCP peer. With
 * it, and only when the peer is one of {@code ingest.http.trusted-proxies}, {@code X-Forwarded-For}
 * is read from the right: proxies <em>append</em> the address they saw, so the right-most hop that is
 * not a trusted proxy is the client, and whatever a client wrote further left is ignored. A hop that
 * is not an IP address ends the walk with "unknown" (null), which no {@code allowed-cidrs} contains.
 */
public final class ClientAddress {
    private final boolean trustForwarded;
    private final List<Cidr> trustedProxies;

    public ClientAddress(boolean trustForwarded, List<Cidr> trustedProxies) {
        this.trustForwarded = trustForwarded;
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    /**
     * @param peer         the TCP peer
     * @param forwardedFor every {@code X-Forwarded-For} header value, in the order received
     * @return the client address, or null when the right-most untrusted hop is not an IP address
     */
    public InetAddress resolve(InetAddress peer, List<String> forwardedFor) {
        if (!trustForwarded || !trusted(peer) || forwardedFor == null || forwardedFor.isEmpty()) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) {
                if (!hop.isBlank()) {
                    hops.add(hop.strip());
                }
            }
        }
        InetAddress last = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = Cidr.address(withoutPort(hops.get(i)));
            if (hop == null || !trusted(hop)) {
                return hop;
            }
            last = hop;
        }
        return last; // every hop is a trusted proxy: the left-most one is as close to the client as we know
    }

    private boolean trusted(InetAddress a) {
        return a != null && trustedProxies.stream().anyMatch(c -> c.contains(a));
    }

    /** {@code 203.0.113.7:5678} and {@code [2001:db8::1]:443} carry ports; bare IPv6 keeps its colons. */
    static String withoutPort(String hop) {
        if (hop.startsWith("[")) {
            int close = hop.indexOf(']');
            return close < 0 ? hop : hop.substring(1, close);
        }
        int colon = hop.indexOf(':');
        return colon >= 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
    }
}
