/** The Jetty handlers: the webhook endpoint, the operations endpoints and the one error shape. */
package io.authstream.ingest.http;
