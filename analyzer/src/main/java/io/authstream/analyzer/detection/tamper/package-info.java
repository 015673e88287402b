/**
 * Detections of tampering with a tenant's security: changes to its configuration through the
 * Management API ({@code sapi}/{@code mgmt_api_read}, matched on request method, path and body,
 * never on description text), and account-takeover chains against its users.
 */
package io.authstream.analyzer.detection.tamper;
