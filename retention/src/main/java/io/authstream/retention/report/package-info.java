/** The compliance report: gathered from the archive and the audit index, rendered as markdown, JSON or CSV, and stored. */
package io.authstream.retention.report;
