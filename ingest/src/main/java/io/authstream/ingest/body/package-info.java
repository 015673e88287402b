/** Turning a request body (JSON Lines, JSON array or one object, optionally gzip) into validated events with their original bytes. */
package io.authstream.ingest.body;
