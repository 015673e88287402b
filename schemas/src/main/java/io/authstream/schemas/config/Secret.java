package io.authstream.schemas.config;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;

/**
 * A secret configuration value (token, password, API key). Its {@code toString()} never shows the
 * value, so records holding it can be logged as they are.
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

    /** Constant-time comparison with a presented value; the time does not depend on where they differ. */
    public boolean matches(byte[] presented) {
        return presented != null && MessageDigest.isEqual(bytes(), presented);
    }

    @Override
    public String toString() {
        return value.isEmpty() ? "(empty)" : "****";
    }
}
