package io.authstream.schemas.event;

/**
 * Bounds on one event: bytes, nesting depth, length of any string. Enforced while parsing, so a
 * hostile event costs at most this much.
 */
public record EnvelopeLimits(int maxEventBytes, int maxDepth, int maxStringLength) {
    /** 1 MiB per event, 32 levels, 256 KiB per string: far above any real Auth0 event. */
    public static final EnvelopeLimits DEFAULT = new EnvelopeLimits(1 << 20, 32, 256 * 1024);
    /** Longest accepted {@code log_id}: Elasticsearch refuses {@code _id}s over 512 bytes. */
    public static final int MAX_LOG_ID_BYTES = 512;
    /** Longest accepted {@code data.type}; real codes are under 50 characters. */
    public static final int MAX_TYPE_LENGTH = 128;

    public EnvelopeLimits {
        if (maxEventBytes <= 0 || maxDepth <= 2 || maxStringLength <= 0) {
            throw new IllegalArgumentException("limits must be positive and depth above 2");
        }
    }
}
