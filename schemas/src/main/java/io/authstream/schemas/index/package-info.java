/**
 * The Elasticsearch layout the archive writes and the retention job enforces: index names routed
 * by retention class and event date, and the index templates.
 */
package io.authstream.schemas.index;
