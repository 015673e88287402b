package io.authstream.analyzer.notify;

import io.authstream.schemas.record.Alert;

/** Where alerts go. One attempt per call; retries are the caller's business. Called from one thread per destination. */
interface Destination {
    DestinationConfig config();

    Attempt send(Alert alert);
}
