package io.authstream.retention.es;

import java.io.IOException;
import java.util.Map;

/**
 * What {@link Es} sends its requests through: Elasticsearch's REST client in production, a fake
 * in unit tests. One request in, the status and body out; error statuses are answers, not
 * exceptions.
 */
public interface EsTransport extends AutoCloseable {

    /** An answer: HTTP status and the raw body (empty when there is none). */
    record Reply(int status, byte[] body) {
    }

    /** {@code body} may be null; {@code contentType} is given whenever there is a body. */
    Reply send(String method, String endpoint, Map<String, String> params, byte[] body, String contentType) throws IOException;

    @Override
    default void close() {
    }
}
