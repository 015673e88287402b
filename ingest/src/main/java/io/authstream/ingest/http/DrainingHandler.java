package io.authstream.ingest.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's graceful shutdown (requests in flight finish, new ones are turned away), answering the
 * turned-away ones with ingest's error shape and Retry-After instead of Jetty's error page.
 */
public final class DrainingHandler extends GracefulHandler {
    private final String retryAfterSeconds;

    public DrainingHandler(Handler handler, String retryAfterSeconds) {
        super(handler);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    protected void handleShutdownRejection(Request request, Response response, Callback callback) {
        response.setStatus(Refusal.SHUTTING_DOWN.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Responses.JSON);
        response.getHeaders().put(HttpHeader.RETRY_AFTER, retryAfterSeconds);
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.write(true, ByteBuffer.wrap(Responses.error(Refusal.SHUTTING_DOWN.code(),
                "The receiver is shutting down; retry shortly.")), callback);
    }
}
