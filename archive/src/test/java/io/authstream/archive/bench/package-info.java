/** Benchmarks of the archive; not tests (run with exec:java, see docs/archive.md). */
package io.authstream.archive.bench;
