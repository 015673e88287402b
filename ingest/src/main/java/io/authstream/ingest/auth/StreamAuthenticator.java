package io.authstream.ingest.auth;

import io.authstream.ingest.StreamConfig;
import io.authstream.schemas.config.Secret;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decides whether a request may post to a stream. The {@code Authorization} header value is
 * compared verbatim (Auth0 sends the configured token as it is, any {@code Bearer } prefix included)
 * and in constant time against every token of the stream. An unknown stream is checked against a
 * random token, so it costs the same and looks the same to the caller: streams cannot be enumerated.
 * The denial reason is for the operator's log only; the client always sees the same 401.
 */
public final class StreamAuthenticator {
    private final Map<String, StreamConfig> streams;
    private final Secret decoy;

    public StreamAuthenticator(List<StreamConfig> streams) {
        this.streams = streams.stream().collect(Collectors.toUnmodifiableMap(StreamConfig::id, Function.identity()));
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.decoy = Secret.of(HexFormat.of().formatHex(random));
    }

    /** The outcome of {@link #authenticate}. */
    public sealed interface Outcome {
        /** The caller may post to {@code stream}, with the token at {@code token} (1-based) of its list. */
        record Allowed(StreamConfig stream, int token) implements Outcome {
        }

        /** Refused; {@code reason} is for logs and never names a token. */
        record Denied(String reason) implements Outcome {
        }
    }

    /**
     * @param streamId      the path segment
     * @param authorization the raw header value, or null when absent
     * @param remote        the client address (after trusted forwarding headers, if enabled)
     */
    public Outcome authenticate(String streamId, String authorization, InetAddress remote) {
        StreamConfig stream = streamId == null ? null : streams.get(streamId);
        byte[] presented = authorization == null ? new byte[0] : authorization.getBytes(StandardCharsets.UTF_8);
        boolean tokenOk = false;
        int matched = 0;
        if (stream == null) {
            decoy.matches(presented);
        } else {
            // No early exit: every token is compared so the time does not tell which one matched.
            for (int i = 0; i < stream.tokens().size(); i++) {
                boolean m = stream.tokens().get(i).matches(presented);
                matched = m ? i + 1 : matched;
                tokenOk |= m;
            }
        }
        if (stream == null) {
            return new Outcome.Denied("unknown stream");
        }
        if (authorization == null) {
            return new Outcome.Denied("missing Authorization header");
        }
        if (authorization.isBlank()) {
            return new Outcome.Denied("blank Authorization header");
        }
        if (!tokenOk) {
            return new Outcome.Denied("wrong token");
        }
        if (!stream.allowedCidrs().isEmpty() && stream.allowedCidrs().stream().noneMatch(c -> c.contains(remote))) {
            return new Outcome.Denied("source address not in allowed-cidrs");
        }
        return new Outcome.Allowed(stream, matched);
    }
}
