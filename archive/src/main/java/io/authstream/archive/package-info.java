/**
 * The forensic archive: a Kafka consumer group that writes Auth0 events (and alerts) into
 * Elasticsearch exactly once by {@code log_id}, committing offsets only for what Elasticsearch
 * acknowledged. Entry point: {@link io.authstream.archive.Archiver#start}.
 */
package io.authstream.archive;
