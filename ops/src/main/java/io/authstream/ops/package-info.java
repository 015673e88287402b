/** The operations endpoint every long-running component shares: health in one JSON shape, Prometheus metrics. */
package io.authstream.ops;
