/**
 * JMH benchmarks of the event hot path; not tests. Run them as {@code docs/contracts.md} says
 * (under {@code flock /tmp/authstream-bench.lock}).
 */
package io.authstream.schemas.bench;
