package io.authstream.retention.es;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Request;
import co.elastic.clients.transport.rest5_client.low_level.Response;
import co.elastic.clients.transport.rest5_client.low_level.ResponseException;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.authstream.retention.RetentionConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * The one connection retention has to Elasticsearch: the official client (elasticsearch-java) and
 * its low-level REST client, through which queries are sent as JSON and bulk bodies as raw NDJSON
 * (the typed bulk API is about half as fast; {@code reference/local-kafka-elasticsearch.md} §3b).
 *
 * <p>Traps on the minimal distribution: {@code GET /} ({@code info()}/{@code ping()}) answers 405,
 * so liveness is {@code _cluster/health}; there is no ILM, {@code _delete_by_query} or
 * {@code _reindex}; {@code action.destructive_requires_name} is true, so indices are deleted by
 * exact name only.
 */
public final class Es implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();
    private final ElasticsearchClient client;
    private final Rest5Client rest;

    private Es(ElasticsearchClient client) {
        this.client = client;
        this.rest = ((Rest5ClientTransport) client._transport()).restClient();
    }

    public static Es connect(RetentionConfig cfg) {
        SSLContext ssl = cfg.caFile().map(Es::trusting).orElse(null);
        ElasticsearchClient c = ElasticsearchClient.of(b -> {
            b.host(cfg.elasticsearchUrl()).jsonMapper(new JacksonJsonpMapper(JSON));
            cfg.username().ifPresent(u -> b.usernameAndPassword(u, cfg.password().orElseThrow().value()));
            cfg.apiKey().ifPresent(k -> b.apiKey(k.value()));
            if (ssl != null) {
                b.sslContext(ssl);
            }
            return b;
        });
        return new Es(c);
    }

    private static SSLContext trusting(java.nio.file.Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca-" + i++, cert);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use retention.elasticsearch.ca-file " + caFile + ": " + e.getMessage(), e);
        }
    }

    /** The typed client, for callers that prefer it. */
    public ElasticsearchClient client() {
        return client;
    }

    /** A JSON request; non-2xx answers become {@link EsException} with the error type. */
    public JsonNode call(String method, String path, Object body) {
        return call(method, path, Map.of(), body);
    }

    public JsonNode call(String method, String path, Map<String, String> params, Object body) {
        Request r = new Request(method, path);
        r.addParameters(params);
        if (body != null) {
            r.setJsonEntity(body instanceof String s ? s : write(body));
        }
        return perform(r);
    }

    /** A bulk request with a raw NDJSON body (must end with a newline). */
    public JsonNode bulk(byte[] ndjson, Map<String, String> params) {
        Request r = new Request("POST", "/_bulk");
        r.addParameters(params);
        r.setEntity(new ByteArrayEntity(ndjson, ContentType.create("application/x-ndjson")));
        return perform(r);
    }

    private JsonNode perform(Request r) {
        try {
            Response resp = rest.performRequest(r);
            // The client's transport configures its REST client not to throw on error statuses: check them here.
            if (resp.getStatusCode() >= 300) {
                throw toEsException(r, resp);
            }
            if (resp.getEntity() == null) {
                return MissingNode.getInstance();
            }
            byte[] b = EntityUtils.toByteArray(resp.getEntity());
            return b.length == 0 ? MissingNode.getInstance() : JSON.readTree(b);
        } catch (ResponseException e) {
            throw toEsException(r, e.getResponse());
        } catch (IOException e) {
            throw new EsException(r.getMethod() + " " + r.getEndpoint() + " failed: " + e.getMessage(), e);
        }
    }

    private static EsException toEsException(Request r, Response resp) {
        int status = resp.getStatusCode();
        String type = null;
        String reason = null;
        try {
            if (resp.getEntity() != null) {
                JsonNode n = JSON.readTree(EntityUtils.toByteArray(resp.getEntity()));
                JsonNode err = n.path("error");
                if (err.isObject()) {
                    type = err.path("type").asText(null);
                    reason = err.path("reason").asText(null);
                } else if (n.has("found") && !n.path("found").asBoolean(true)) {
                    type = "not_found";
                } else if (n.path("result").asText("").equals("not_found")) {
                    type = "not_found";
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // An unreadable error body: the status alone still classifies it.
        }
        if (type == null && status == 404) {
            type = "not_found";
        }
        return new EsException(status, type, r.getMethod() + " " + r.getEndpoint() + " answered " + status
                + (type == null ? "" : " " + type) + (reason == null ? "" : ": " + reason));
    }

    public static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Cluster health; the liveness check that works on every distribution. */
    public JsonNode health() {
        return call("GET", "/_cluster/health", null);
    }

    public boolean indexExists(String name) {
        Request r = new Request("HEAD", "/" + name);
        try {
            return rest.performRequest(r).getStatusCode() == 200;
        } catch (ResponseException e) {
            if (e.getResponse().getStatusCode() == 404) {
                return false;
            }
            throw toEsException(r, e.getResponse());
        } catch (IOException e) {
            throw new EsException("HEAD /" + name + " failed: " + e.getMessage(), e);
        }
    }

    /** Creates an index unless it exists (another process may race us: that is fine). */
    public void createIndexIfAbsent(String name, String body) {
        if (indexExists(name)) {
            return;
        }
        try {
            call("PUT", "/" + name, body);
        } catch (EsException e) {
            if (!e.is("resource_already_exists_exception")) {
                throw e;
            }
        }
    }

    /** Deletes indices by their exact names in one request; missing ones are ignored. Never pass patterns. */
    public void deleteIndices(java.util.List<String> exactNames) {
        for (String n : exactNames) {
            if (n.contains("*") || n.contains(",") || n.startsWith("_") || n.isBlank()) {
                throw new IllegalArgumentException("refusing to delete by pattern: " + n);
            }
        }
        if (!exactNames.isEmpty()) {
            call("DELETE", "/" + String.join(",", exactNames), Map.of("ignore_unavailable", "true"), null);
        }
    }

    public void refresh(String indices) {
        call("POST", "/" + indices + "/_refresh", Map.of("ignore_unavailable", "true", "allow_no_indices", "true"), null);
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            // Closing a client that cannot reach the server is not worth failing for.
        }
    }
}
