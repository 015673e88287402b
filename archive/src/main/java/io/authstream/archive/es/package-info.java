/**
 * The archive's Elasticsearch edge: connection (auth, TLS), template installation, pre-built
 * NDJSON bulk requests through the client's low-level transport, and classification of failures
 * by Elasticsearch's structured error {@code type}.
 */
package io.authstream.archive.es;
