package io.authstream.ingest;

import io.authstream.ingest.auth.Cidr;
import io.authstream.schemas.config.Secret;
import java.util.List;
import java.util.Objects;

/**
 * One configured Auth0 log stream, reachable at {@code POST /v1/auth0/{id}}.
 *
 * @param id                   the path segment and the {@code authstream-stream} header value
 * @param tenant               label written to the {@code authstream-tenant} header (defaults to the id)
 * @param tokens               accepted {@code Authorization} header values, compared verbatim; several
 *                             at once so a token can be rotated without downtime
 * @param allowedCidrs         when not empty, only requests from these source ranges are accepted
 * @param maxInFlightRequests  concurrent requests this stream may hold before it gets 429; 0 means
 *                             only the server-wide limit applies
 */
public record StreamConfig(String id, String tenant, List<Secret> tokens, List<Cidr> allowedCidrs, int maxInFlightRequests) {
    public StreamConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        tokens = List.copyOf(tokens);
        allowedCidrs = List.copyOf(allowedCidrs);
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("stream " + id + " needs at least one token");
        }
    }
}
