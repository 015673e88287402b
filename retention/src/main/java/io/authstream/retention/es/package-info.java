/** The Elasticsearch seam of retention: connection, JSON calls classified by error type, queries, paging with point-in-time. */
package io.authstream.retention.es;
