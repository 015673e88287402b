package io.authstream.schemas.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A secret configuration value (token, password, API key). Its {@code toString()} never shows the
 * value, so records holding it can be logged as they are.
 *
 * <p>Trap: compare a presented credential with {@link #matches}, never with {@code equals} or
 * {@code value().equals(...)}, whose time depends on how many leading characters are right.
 * (A class rather than a record, to keep the UTF-8 bytes so {@code matches} allocates nothing.)
 */
public final class Secret {
    private final String value;
    private final byte[] bytes;

    public Secret(String value) {
        if (value == null) {
            throw new IllegalArgumentException("a secret cannot be null");
        }
        this.value = value;
        this.bytes = value.getBytes(StandardCharsets.UTF_8);
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The secret itself; hand it only to what needs it (a client, a header), never to a log. */
    public String value() {
        return value;
    }

    /** The UTF-8 bytes (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    /**
     * Constant-time comparison with a presented value: the time depends only on this secret's
     * length, not on the presented bytes or where they differ. False for null.
     */
    public boolean matches(byte[] presented) {
        return presented != null && MessageDigest.isEqual(bytes, presented);
    }

    /** {@link #matches(byte[])} for a presented string, compared as UTF-8. */
    public boolean matches(String presented) {
        return presented != null && matches(presented.getBytes(StandardCharsets.UTF_8));
    }

    /** Equal values; not constant-time, so not for checking credentials (use {@link #matches}). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && value.equals(s.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value.isEmpty() ? "(empty)" : "****";
    }
}
