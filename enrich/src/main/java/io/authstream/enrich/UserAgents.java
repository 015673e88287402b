package io.authstream.enrich;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code user_agent} values. Auth0 usually sends its own parsed form,
 * {@code "Chrome 120.0.0 / Mac OS X 10.15.7"} with {@code Other 0.0.0} for unknown parts
 * (reference/ecosystem-anchors.md §6.2): that is read exactly, since a generic parser makes little
 * of it. Raw {@code Mozilla/5.0 …} strings go to a maintained library. Both are cached per string.
 */
public final class UserAgents {
    /** Longest string parsed; longer ones are attacker noise and get no fields. */
    static final int MAX_LENGTH = 512;
    private static final Pattern AUTH0_FORM = Pattern.compile("(.+?) (\\d+(?:\\.\\d+){0,3}) / (.+?) (\\d+(?:\\.\\d+){0,3})");

    private final Function<String, UserAgent> raw;
    private final Cache<String, UserAgent> cache;

    /** @param raw the library parser for strings not in Auth0's form */
    UserAgents(Function<String, UserAgent> raw, long cacheSize) {
        this.raw = raw;
        this.cache = Caffeine.newBuilder().maximumSize(cacheSize).build();
    }

    public Optional<UserAgent> parse(String value) {
        if (value == null || value.isBlank() || value.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        UserAgent ua = cache.get(value, this::parseUncached);
        return ua.isEmpty() ? Optional.empty() : Optional.of(ua);
    }

    UserAgent parseUncached(String value) {
        Optional<UserAgent> auth0 = auth0Form(value);
        if (auth0.isPresent()) {
            return auth0.get();
        }
        try {
            return raw.apply(value);
        } catch (RuntimeException e) {
            return UserAgent.UNKNOWN; // a parser bug must not cost the event
        }
    }

    /** Auth0's {@code "<family> <x.y.z> / <os family> <x.y.z>"}, or empty when {@code value} is not in that form. */
    static Optional<UserAgent> auth0Form(String value) {
        Matcher m = AUTH0_FORM.matcher(value.strip());
        if (!m.matches() || m.group(1).contains("/")) {
            return Optional.empty();
        }
        return Optional.of(new UserAgent(known(m.group(1)), version(m.group(1), m.group(2)), known(m.group(3)),
                version(m.group(3), m.group(4)), Optional.empty()));
    }

    private static Optional<String> known(String family) {
        return family.equalsIgnoreCase("Other") ? Optional.empty() : Optional.of(family);
    }

    private static Optional<String> version(String family, String version) {
        return family.equalsIgnoreCase("Other") || version.matches("0(\\.0)*") ? Optional.empty() : Optional.of(version);
    }
}
