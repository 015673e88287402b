/** Pulls Auth0 logs from the Management API ({@code GET /api/v2/logs}, checkpoint mode) into the events topic. */
package io.authstream.pull;
