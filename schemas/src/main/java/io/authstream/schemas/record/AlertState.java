package io.authstream.schemas.record;

import java.util.Arrays;
import java.util.Locale;

/**
 * Where an alert is in its life: {@link #FIRING} once when the threshold is crossed,
 * {@link #UPDATED} when its count or severity grows, {@link #RESOLVED} once when the condition clears.
 * All three carry the same alert id.
 */
public enum AlertState {
    FIRING, UPDATED, RESOLVED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AlertState fromId(String id) {
        return Arrays.stream(values()).filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown alert state '" + id + "'"));
    }
}
