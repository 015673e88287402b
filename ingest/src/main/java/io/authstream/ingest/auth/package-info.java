/** Who may post to a stream: constant-time token checks and source-address allowlists. */
package io.authstream.ingest.auth;
