/**
 * The Auth0 log-stream event: the envelope rules ({@code log_id}, {@code data.type},
 * {@code data.date} required; everything else optional), a one-pass validating fast path, and an
 * immutable typed view that keeps the original bytes untouched.
 */
package io.authstream.schemas.event;
