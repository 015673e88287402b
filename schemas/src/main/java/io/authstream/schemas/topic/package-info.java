/** Kafka topic descriptors and record headers shared by every Kafka-facing component. */
package io.authstream.schemas.topic;
