package io.authstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.embedded.junit.EmbeddedStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Runs against the shared Elasticsearch of this JVM, which this module's build starts with security on. */
@EmbeddedStack
class EmbeddedElasticsearchIT {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void runsWithSecurityOnForThisModule(EmbeddedElasticsearch es) {
        assertThat(es.securityEnabled()).isTrue();
        assertThat(es.password()).isPresent();
    }

    @Test
    void createsIndexesSearchesAndDeletes(EmbeddedElasticsearch es) throws Exception {
        String auth = EmbeddedElasticsearch.basicAuth("elastic", es.password().orElseThrow());
        assertThat(call(es, "PUT", "/embedded-check", "{\"mappings\":{\"properties\":{\"type\":{\"type\":\"keyword\"}}}}", auth).statusCode())
                .isEqualTo(200);
        assertThat(call(es, "PUT", "/embedded-check/_doc/log-1?refresh=true", "{\"type\":\"fp\"}", auth).statusCode())
                .isEqualTo(201);
        HttpResponse<String> search = call(es, "POST", "/embedded-check/_search",
                "{\"query\":{\"term\":{\"type\":\"fp\"}}}", auth);
        assertThat(search.statusCode()).isEqualTo(200);
        assertThat(search.body()).contains("\"_id\":\"log-1\"");
        assertThat(call(es, "DELETE", "/embedded-check", null, auth).statusCode()).isEqualTo(200);
        assertThat(call(es, "GET", "/embedded-check/_doc/log-1", null, auth).statusCode()).isEqualTo(404);
    }

    @Test
    void refusesUnauthenticatedAndWrongPasswordRequests(EmbeddedElasticsearch es) throws Exception {
        assertThat(call(es, "GET", "/_cluster/health", null, null).statusCode()).isEqualTo(401);
        assertThat(call(es, "GET", "/_cluster/health", null, EmbeddedElasticsearch.basicAuth("elastic", "wrong")).statusCode())
                .isEqualTo(401);
        assertThat(call(es, "GET", "/_cluster/health", null,
                EmbeddedElasticsearch.basicAuth("elastic", es.password().orElseThrow())).statusCode()).isEqualTo(200);
    }

    @Test
    void runsAsAnUnprivilegedUserWhenWeAreRoot(EmbeddedElasticsearch es) throws Exception {
        String status = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", String.valueOf(es.pid()), "status"));
        String uidLine = status.lines().filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
        if (Processes.isRoot()) {
            assertThat(uidLine).contains(String.valueOf(EmbeddedElasticsearch.UNPRIVILEGED_UID));
        } else {
            assertThat(uidLine).doesNotContain("\t0\t");
        }
    }

    private HttpResponse<String> call(EmbeddedElasticsearch es, String method, String path, String body, String auth)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(es.httpUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
