package io.authstream.analyzer.notify;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads at most {@code limit} bytes of a response body (for the log line of a failure) and then
 * cancels the rest, so a huge body never fills memory. A slow body is cut by the caller's deadline
 * ({@link HttpDestination}); this subscriber never blocks.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<String> {
    private final int limit;
    private final byte[] buf;
    private int len;
    private final CompletableFuture<String> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    BoundedBody(int limit) {
        this.limit = limit;
        this.buf = new byte[limit];
    }

    static HttpResponse.BodyHandler<String> handler(int limit) {
        return info -> new BoundedBody(limit);
    }

    @Override
    public CompletionStage<String> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        this.subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        for (ByteBuffer b : items) {
            int n = Math.min(b.remaining(), limit - len);
            b.get(buf, len, n);
            len += n;
        }
        if (len >= limit && !result.isDone()) {
            subscription.cancel();
            complete();
        }
    }

    @Override
    public void onError(Throwable t) {
        if (!result.isDone()) {
            complete(); // what arrived is enough for a log line; the status is what counts
        }
    }

    @Override
    public void onComplete() {
        complete();
    }

    private void complete() {
        result.complete(new String(buf, 0, len, StandardCharsets.UTF_8));
    }
}
