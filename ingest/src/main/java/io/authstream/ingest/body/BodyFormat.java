package io.authstream.ingest.body;

/** How the events of a body were laid out; decided from the body itself, never from headers. */
public enum BodyFormat {
    /** One JSON value per line (Auth0's "JSON Lines"). */
    JSON_LINES,
    /** One JSON array of events (Auth0's "JSON Array"). */
    JSON_ARRAY,
    /** One JSON object, possibly spread over several lines (Auth0's "JSON Object"). */
    JSON_OBJECT
}
