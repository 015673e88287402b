package io.authstream.retention.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The hash of one audit entry: {@code sha256:} and the hex SHA-256 of its canonical form, which is
 * the entry's {@code _source} without its own {@code hash} field (so including {@code seq} and
 * {@code prev_hash}) as compact JSON, UTF-8, with the keys of every object sorted. Stored JSON
 * reads back unchanged (ints stay ints), so a verifier re-hashes exactly what the writer hashed.
 */
public final class ChainHash {
    /** The previous hash of entry 1, the anchor. */
    public static final String GENESIS = "sha256:" + "0".repeat(64);
    private static final JsonMapper CANONICAL = JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private ChainHash() {
    }

    /** The hash of {@code entry} (its {@code hash} field, if any, is left out). */
    public static String of(JsonNode entry) {
        ObjectNode copy = entry.deepCopy();
        copy.remove("hash");
        return sha256(canonical(copy));
    }

    static String canonical(JsonNode n) {
        try {
            return CANONICAL.writeValueAsString(CANONICAL.treeToValue(n, Map.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit entry is not serializable: " + e.getMessage(), e);
        }
    }

    /** The digest of the unchained prefix: SHA-256 over the sorted hashes of its entries, one a line (order-independent). */
    public static String prefixDigest(List<String> entryHashes) {
        return sha256(String.join("\n", entryHashes.stream().sorted().toList()));
    }

    static String sha256(String s) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
