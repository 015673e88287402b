package io.authstream.analyzer.notify;

import io.authstream.schemas.record.Alert;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;

/** A generic JSON webhook: the alert exactly as on the topic ({@code alert.schema.json}), optional {@code Authorization}. */
final class WebhookDestination extends HttpDestination {
    WebhookDestination(DestinationConfig config, HttpClient http) {
        super(config, http);
    }

    @Override
    byte[] body(Alert a) {
        return a.toJson();
    }

    @Override
    HttpRequest.Builder decorate(HttpRequest.Builder b, Alert alert) {
        if (!config().secret().isEmpty()) {
            b.header("Authorization", config().secret().value());
        }
        // the same alert revision delivered twice (a retry, a rebalance) carries the same key
        return b.header("Idempotency-Key", alert.id() + "-" + alert.revision());
    }
}
