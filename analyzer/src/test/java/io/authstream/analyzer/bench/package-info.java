/** Benchmarks of the analyzer (not tests): run by hand under flock, see docs/analyzer.md. */
package io.authstream.analyzer.bench;
