/** Integration tests on the real embedded Elasticsearch, with the fixture archive and its ground truth. */
package io.authstream.retention.it;
