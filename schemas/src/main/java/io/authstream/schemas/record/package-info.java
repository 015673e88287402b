/** Records that cross a process boundary (dead letters, alerts, retention policy and reports), each with a JSON Schema in {@code schemas/json-schema}. */
package io.authstream.schemas.record;
