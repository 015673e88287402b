/**
 * Per-tenant business counters (logins, signups, MFA challenges, rate-limit hits per tenant and
 * client), derived from the event catalogue, with bounded label cardinality.
 */
package io.authstream.analyzer.business;
