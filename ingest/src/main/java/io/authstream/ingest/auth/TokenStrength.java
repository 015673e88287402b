package io.authstream.ingest.auth;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How guessable a configured stream token looks, from its own characters: length times the Shannon
 * entropy of its character distribution, in bits. A generous estimate for human-made values (it
 * cannot see words or sequences), exact enough to catch the bad ones: {@code aaaa…},
 * {@code passwordpassword} (44 bits) and {@code abcdabcd…} are refused below {@value #MIN_BITS}
 * bits, and anything below {@value #GOOD_BITS} bits is logged as a warning at start.
 * {@code openssl rand -hex 32} gives about 250. Results never contain the token.
 */
public final class TokenStrength {
    /** Below this the token is refused at start. */
    public static final int MIN_BITS = 50;
    /** Below this ingest warns at start: 20 random base64 characters or 24 hex digits reach it. */
    public static final int GOOD_BITS = 80;
    /** Fewer distinct characters than this is refused whatever the length (a repeated short pattern). */
    public static final int MIN_DISTINCT = 6;

    private TokenStrength() {
    }

    /** The estimate in bits. */
    public static double bits(String token) {
        Map<Integer, Integer> counts = new HashMap<>();
        token.codePoints().forEach(c -> counts.merge(c, 1, Integer::sum));
        int n = token.codePointCount(0, token.length());
        double h = 0;
        for (int k : counts.values()) {
            double p = (double) k / n;
            h -= p * Math.log(p) / Math.log(2);
        }
        return h * n;
    }

    /** Why the token is too weak to accept (without the token), if it is. */
    public static Optional<String> refusal(String token) {
        long distinct = token.codePoints().distinct().count();
        if (distinct < MIN_DISTINCT) {
            return Optional.of("has only " + distinct + " distinct characters");
        }
        double b = bits(token);
        if (b < MIN_BITS) {
            return Optional.of("is too easy to guess (about " + Math.round(b) + " bits by its characters, at least "
                    + MIN_BITS + " needed)");
        }
        return Optional.empty();
    }

    /** Whether the token is accepted but weaker than {@value #GOOD_BITS} bits. */
    public static boolean weak(String token) {
        return bits(token) < GOOD_BITS;
    }
}
