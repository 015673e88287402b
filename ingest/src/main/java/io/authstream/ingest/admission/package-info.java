/** Back-pressure and redelivery: bounded in-flight requests and bytes, and the post-ack dedup cache. */
package io.authstream.ingest.admission;
