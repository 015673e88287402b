/**
 * The one configuration convention every component uses: a YAML or properties file of dotted,
 * prefixed keys, overridden by {@code AUTHSTREAM_*} environment variables, read into immutable,
 * validated records whose {@code toString()} masks secrets.
 */
package io.authstream.schemas.config;
