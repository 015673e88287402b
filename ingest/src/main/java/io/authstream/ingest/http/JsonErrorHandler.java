package io.authstream.ingest.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty raises before ingest's handler sees the request (a malformed request line, headers
 * too large, an ambiguous path) in ingest's one error shape instead of an HTML page. When a handler
 * threw, Jetty's message is the exception's {@code toString()}: it never reaches the body, which then
 * carries a fixed sentence for the status.
 */
public final class JsonErrorHandler extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Responses.JSON);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        String text = cause != null || code >= 500 ? fixedText(code) : text(code, message);
        response.write(true, ByteBuffer.wrap(Responses.error(code(code), text)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Responses.JSON);
        return ByteBuffer.wrap(Responses.error(code(status), status >= 500 ? fixedText(status) : text(status, reason)));
    }

    static String fixedText(int status) {
        return status == 500 ? Exchange.INTERNAL_ERROR_MESSAGE : "HTTP " + status;
    }

    private static String text(int status, String message) {
        return message == null || message.isBlank() ? "HTTP " + status : message;
    }

    static String code(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 408 -> "request-timeout";
            case 413 -> "body-too-large";
            case 414 -> "uri-too-long";
            case 431 -> "headers-too-large";
            case 500 -> "internal-error";
            case 503 -> "unavailable";
            default -> "http-" + status;
        };
    }
}
