/** Kibana saved objects for the archive (data views, forensic saved searches, a dashboard) and their import. */
package io.authstream.archive.kibana;
