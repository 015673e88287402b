/**
 * The Kafka Streams plumbing of the analyzer: event serde and timestamp extractor, the first-stage
 * classifier (dedup, catalogue, signals), the dead-letter exception handlers, and the topology that
 * wires detections between {@code auth0-log-events} and {@code auth0-alerts}.
 */
package io.authstream.analyzer.stream;
