/**
 * Real infrastructure for local mode and tests: an in-process single-node KRaft Kafka broker and
 * an Elasticsearch child process run from the Maven-published distribution. No Docker, no fakes.
 */
package io.authstream.embedded;
