/** The retention benchmark (not a test): plan, apply and erasure over a generated archive; see docs/retention.md. */
package io.authstream.retention.bench;
