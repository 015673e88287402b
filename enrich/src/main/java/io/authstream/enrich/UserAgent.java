package io.authstream.enrich;

import java.util.Optional;

/**
 * A parsed user agent, as ECS {@code user_agent.*} names it. Auth0's own parsed form carries no
 * device, so {@code deviceName} is mostly empty for it.
 */
public record UserAgent(Optional<String> name, Optional<String> version, Optional<String> osName,
                        Optional<String> osVersion, Optional<String> deviceName) {

    static final UserAgent UNKNOWN = new UserAgent(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    public boolean isEmpty() {
        return name.isEmpty() && osName.isEmpty() && deviceName.isEmpty();
    }
}
