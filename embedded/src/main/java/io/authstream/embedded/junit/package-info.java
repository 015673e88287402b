/** JUnit 5 support: one annotation gives integration tests the shared real Kafka and Elasticsearch of the test JVM. */
package io.authstream.embedded.junit;
