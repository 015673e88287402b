/**
 * Enrichment of Auth0 events with GeoIP, ASN and parsed user-agent fields, done once per distinct
 * address or user-agent string (cached) and shared by the archive and the analyzer.
 */
package io.authstream.enrich;
