/**
 * The Auth0 log-stream webhook receiver: {@link io.authstream.ingest.IngestServer} answers 2xx only
 * once every event of a request is acknowledged by Kafka. Configuration is {@link io.authstream.ingest.IngestConfig}.
 */
package io.authstream.ingest;
