package io.authstream.embedded.emulator;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Locale;

/** Auth0's three Custom Webhook content formats. */
public enum ContentFormat {
    /** Newline-delimited envelopes. */
    JSONLINES,
    /** One JSON array of envelopes. */
    JSONARRAY,
    /** One envelope per request. */
    JSONOBJECT;

    public static ContentFormat fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT).replace("-", "").replace("_", ""));
    }

    /** Largest batch this format can carry. */
    public int maxBatch(int requested) {
        return this == JSONOBJECT ? 1 : requested;
    }

    /** The request body for {@code events}. */
    public byte[] body(List<byte[]> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(events.size() * 1100 + 2);
        switch (this) {
            case JSONLINES -> events.forEach(e -> {
                out.writeBytes(e);
                out.write('\n');
            });
            case JSONARRAY -> {
                out.write('[');
                for (int i = 0; i < events.size(); i++) {
                    if (i > 0) {
                        out.write(',');
                    }
                    out.writeBytes(events.get(i));
                }
                out.write(']');
            }
            case JSONOBJECT -> {
                if (events.size() != 1) {
                    throw new IllegalArgumentException("JSON object format carries exactly one event");
                }
                out.writeBytes(events.get(0));
            }
        }
        return out.toByteArray();
    }
}
