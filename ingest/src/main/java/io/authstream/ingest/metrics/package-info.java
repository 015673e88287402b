/** The Micrometer meters of ingest, exposed in Prometheus format on the operations port. */
package io.authstream.ingest.metrics;
