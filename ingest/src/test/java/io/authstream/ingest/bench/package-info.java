/** The ingest benchmark (not a test): a load generator playing Auth0 next to Kafka's ProducerPerformance. */
package io.authstream.ingest.bench;
