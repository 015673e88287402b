/** Planning and enforcing retention: the dry-run plan, the lock, index deletion, trimming, hold copies and erasure. */
package io.authstream.retention.enforce;
