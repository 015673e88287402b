package io.authstream.ingest.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address range such as {@code 52.28.56.226/32} or {@code 2001:db8::/32}; a bare
 * address means that address alone. Parsing never resolves host names.
 */
public record Cidr(byte[] network, int prefixLength, String text) {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    public Cidr {
        network = network.clone();
    }

    /** Parses {@code address[/prefix]}; throws {@link IllegalArgumentException} with a sentence on a bad value. */
    public static Cidr parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        byte[] bytes = literal(addr, text);
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' has no valid prefix length after the slash");
            }
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + max);
            }
        }
        return new Cidr(mask(bytes, prefix), prefix, t);
    }

    private static byte[] literal(String addr, String text) {
        boolean v4 = IPV4.matcher(addr).matches();
        if (!v4 && !(addr.contains(":") && IPV6.matcher(addr).matches())) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR range");
        }
        try {
            // Literal addresses only (checked above), so this never does a DNS lookup.
            byte[] b = InetAddress.getByName(addr).getAddress();
            if (v4 && b.length != 4) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
            }
            return b;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR range");
        }
    }

    /** The address in an IP literal (v4 or v6), or null when {@code text} is not one; never resolves names. */
    public static InetAddress address(String text) {
        if (text == null) {
            return null;
        }
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        try {
            return InetAddress.getByAddress(literal(t, text));
        } catch (IllegalArgumentException | UnknownHostException e) {
            return null;
        }
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (0xFF << (8 - bits));
        }
        return out;
    }

    /** True when {@code address} lies in this range (an IPv4 address never matches an IPv6 range and vice versa). */
    public boolean contains(InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] a = address.getAddress();
        return a.length == network.length && Arrays.equals(mask(a, prefixLength), network);
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefixLength == prefixLength && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        return text;
    }
}
