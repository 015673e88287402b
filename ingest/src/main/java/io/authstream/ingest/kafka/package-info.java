/** The only Kafka-facing code of ingest: the idempotent producer, topic creation and the readiness probe. */
package io.authstream.ingest.kafka;
