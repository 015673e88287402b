package io.authstream.enrich;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses address literals without ever asking DNS, and tells public addresses from private and
 * reserved ones, which get no geo: a location for 10.0.0.1 would be made up.
 */
public final class Addresses {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    /** IPv4 ranges that are not on the public internet (RFC 6890 and friends): network, prefix length. */
    private static final int[][] V4_RESERVED = {
            {0x00000000, 8}, {0x0A000000, 8}, {0x64400000, 10}, {0x7F000000, 8}, {0xA9FE0000, 16},
            {0xAC100000, 12}, {0xC0000000, 24}, {0xC0000200, 24}, {0xC0A80000, 16}, {0xC6120000, 15},
            {0xC6336400, 24}, {0xCB007100, 24}, {0xE0000000, 4}, {0xF0000000, 4}};

    private Addresses() {
    }

    /** The address {@code text} names, if it is an IPv4 or IPv6 literal; never a DNS lookup. */
    public static Optional<InetAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.strip();
        var m = IPV4.matcher(s);
        if (m.matches()) {
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(m.group(i + 1));
                if (octet > 255) {
                    return Optional.empty();
                }
                b[i] = (byte) octet;
            }
            return literal(b);
        }
        if (s.indexOf(':') >= 0 && IPV6.matcher(s).matches()) {
            try {
                return Optional.of(InetAddress.getByName(s)); // a literal with ':' is parsed, never resolved
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The address, if it is a literal of a public (globally routable) address. */
    public static Optional<InetAddress> parsePublic(String text) {
        return parse(text).filter(Addresses::isPublic);
    }

    static boolean isPublic(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int v = ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
            for (int[] r : V4_RESERVED) {
                int mask = r[1] == 0 ? 0 : -1 << (32 - r[1]);
                if ((v & mask) == r[0]) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Inet6Address) {
            int first = b[0] & 0xFF;
            boolean uniqueLocal = (first & 0xFE) == 0xFC;                      // fc00::/7
            boolean documentation = first == 0x20 && (b[1] & 0xFF) == 0x01 && (b[2] & 0xFF) == 0x0D && (b[3] & 0xFF) == 0xB8;
            return !uniqueLocal && !documentation;
        }
        return false;
    }

    private static Optional<InetAddress> literal(byte[] b) {
        try {
            return Optional.of(InetAddress.getByAddress(b));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
