package io.authstream.schemas.config;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;

/**
 * A secret configuration value (token, password, API key). Its {@code toString()} never shows the
 * value, so records holding it can be logged as they are.
 *
 * <p>Trap: compare a presented credential with {@link #matches}, never with {@code equals} or
 * {@code value().equals(...)}, whose time depends on how many leading characters are right.
 */
public record Secret(String value) {
    public Secret {
        if (value == null) {
            throw new IllegalArgumentException("a secret cannot be null");
        }
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    public byte[] bytes() {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    /**
     * Constant-time comparison with a presented value: the time depends only on this secret's
     * length, not on the presented bytes or where they differ. False for null.
     */
    public boolean matches(byte[] presented) {
        return presented != null && MessageDigest.isEqual(bytes(), presented);
    }

    /** {@link #matches(byte[])} for a presented string, compared as UTF-8. */
    public boolean matches(String presented) {
        return presented != null && matches(presented.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return value.isEmpty() ? "(empty)" : "****";
    }
}
