package io.authstream.schemas.event;

import java.time.Instant;

/**
 * The three fields every component relies on, taken from an event in one streaming pass.
 *
 * @param logId identity of the event everywhere (Kafka key, Elasticsearch {@code _id})
 * @param type  the Auth0 event code ({@code data.type})
 * @param date  event time ({@code data.date}), in UTC
 */
public record Envelope(String logId, String type, Instant date) {
}
