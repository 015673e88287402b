/**
 * Retention of the Auth0 log archive: the {@link io.authstream.retention.RetentionService} facade
 * (plan, apply, legal holds, erasure, reports, periodic runs) and its configuration.
 */
package io.authstream.retention;
