/**
 * The catalogue of Auth0 event codes: for each code its description, Auth0 stream-filter category,
 * our category, outcome, attack signals, retention class and ECS fields. Loaded from a bundled
 * resource and overridable by a file, so a code Auth0 invents next month needs no release.
 */
package io.authstream.schemas.catalogue;
