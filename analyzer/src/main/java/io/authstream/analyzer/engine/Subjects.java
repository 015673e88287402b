package io.authstream.analyzer.engine;

import java.util.List;

/**
 * The stable identities an alert names in its {@code subjects} object, so a responder can act on the
 * account, client or address without re-reading the events: Auth0's {@code user_id} (what the
 * Management API and {@code user.id} in Kibana take), {@code user_name} as logged, {@code client_id}
 * and {@code client_name}, and the source {@code ip}. Each alert carries up to
 * {@value #MAX_VALUES} distinct values per key, in the order first seen.
 */
public final class Subjects {
    public static final String USER_ID = "user_id";
    public static final String USER_NAME = "user_name";
    public static final String CLIENT_ID = "client_id";
    public static final String CLIENT_NAME = "client_name";
    public static final String IP = "ip";
    /** Subjects of an alert about a user. */
    public static final List<String> USER = List.of(USER_ID, USER_NAME);
    /** Subjects of an alert about an application. */
    public static final List<String> CLIENT = List.of(CLIENT_ID, CLIENT_NAME);
    /** Most distinct values kept per subject key. */
    public static final int MAX_VALUES = 10;

    private Subjects() {
    }
}
