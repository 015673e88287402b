package io.authstream.schemas.catalogue;

import java.util.List;
import java.util.Set;

/**
 * What the catalogue knows about one Auth0 event code.
 *
 * @param auth0Filter the Auth0 stream-filter category API name, e.g. {@code auth.login.fail}
 * @param signals     attack-signal tags such as {@code credential-stuffing}, {@code rate-limited}
 * @param known       false for a code the catalogue lacks (category {@link Category#UNKNOWN})
 */
public record EventCode(String code, String name, String description, String auth0Filter, Category category,
                        Outcome outcome, Set<String> signals, RetentionClass retentionClass,
                        List<String> ecsCategory, List<String> ecsType, boolean known) {

    public EventCode {
        signals = Set.copyOf(signals);
        ecsCategory = List.copyOf(ecsCategory);
        ecsType = List.copyOf(ecsType);
    }

    /**
     * The entry for a code the catalogue does not know. Kept as security-class so that nothing we
     * cannot classify is deleted early.
     */
    public static EventCode unknown(String code) {
        return new EventCode(code, "Unknown event code", "Event code not in the authstream catalogue", "other",
                Category.UNKNOWN, Outcome.UNKNOWN, Set.of(), RetentionClass.SECURITY, List.of(), List.of("info"), false);
    }

    public boolean hasSignal(String signal) {
        return signals.contains(signal);
    }

    public boolean isFailure() {
        return outcome == Outcome.FAILURE;
    }
}
