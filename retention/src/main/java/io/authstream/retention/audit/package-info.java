/** The append-only audit trail of every retention action, and the salted hash that keeps identifiers out of it. */
package io.authstream.retention.audit;
