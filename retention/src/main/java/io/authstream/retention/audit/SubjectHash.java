package io.authstream.retention.audit;

import io.authstream.schemas.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stands for an erased person in the audit trail: HMAC-SHA256 of the identifier keyed with the
 * configured secret salt. The same person always gives the same hash (so a later erasure request or
 * a restored backup can be checked against the trail), but the identifier cannot be read back and,
 * without the salt, not found by hashing guessed ids.
 */
public final class SubjectHash {
    private final Secret salt;

    public SubjectHash(Secret salt) {
        this.salt = salt;
    }

    public String of(String identifier) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt.bytes(), "HmacSHA256"));
            return "hmac-sha256:" + HexFormat.of().formatHex(mac.doFinal(identifier.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
