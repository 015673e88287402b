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
    private final EsTransport transport;

    private Es(ElasticsearchClient client, EsTransport transport) {
        this.client = client;
        this.transport = transport;
    }

    /** An {@code Es} over any transport (unit tests: a fake cluster). {@link #client()} is then unavailable. */
    public static Es over(EsTransport transport) {
        return new Es(null, transport);
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
        return new Es(c, new RestTransport(((Rest5ClientTransport) c._transport()).restClient()));
    }

    /** The production transport: the official low-level REST client. */
    private record RestTransport(Rest5Client rest) implements EsTransport {
        @Override
        public Reply send(String method, String endpoint, Map<String, String> params, byte[] body, String contentType)
                throws IOException {
            Request r = new Request(method, endpoint);
            r.addParameters(params);
            if (body != null) {
                r.setEntity(new ByteArrayEntity(body, ContentType.parse(contentType)));
            }
            Response resp;
            try {
                resp = rest.performRequest(r);
            } catch (ResponseException e) {
                resp = e.getResponse();
            }
            byte[] b = resp.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(resp.getEntity());
            return new Reply(resp.getStatusCode(), b);
        }
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

    /** The typed client, for callers that prefer it (absent over a test transport). */
    public ElasticsearchClient client() {
        if (client == null) {
            throw new IllegalStateException("no typed client over a custom transport");
        }
        return client;
    }

    /** A JSON request; non-2xx answers become {@link EsException} with the error type. */
    public JsonNode call(String method, String path, Object body) {
        return call(method, path, Map.of(), body);
    }

    /**
     * A JSON request. Searches ({@code _search}, {@code _pit}) are always sent with
     * {@code allow_partial_search_results=false}, and any search answer that still reports a failed
     * shard or a timeout is an error ({@code partial_search_results}): a missing shard must never
     * read as "no documents" to code that deletes what it does not find.
     */
    public JsonNode call(String method, String path, Map<String, String> params, Object body) {
        boolean search = isSearch(path);
        Map<String, String> p = params;
        // _count has no such parameter (it answers 400 to it); its _shards are checked below all the same.
        if (search && !path.endsWith("/_count") && !params.containsKey("allow_partial_search_results")) {
            p = new java.util.HashMap<>(params);
            p.put("allow_partial_search_results", "false");
        }
        byte[] b = body == null ? null : (body instanceof String s ? s : write(body)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        JsonNode r = perform(method, path, p, b, "application/json");
        if (search) {
            ShardFailures.check(method + " " + path, r);
        }
        return r;
    }

    /** {@code _search} (also a point-in-time page), {@code _pit} creation and {@code _count}. */
    static boolean isSearch(String path) {
        String p = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        return p.endsWith("/_search") || p.endsWith("/_pit") && !p.equals("/_pit") || p.endsWith("/_count");
    }

    /** A bulk request with a raw NDJSON body (must end with a newline). */
    public JsonNode bulk(byte[] ndjson, Map<String, String> params) {
        return perform("POST", "/_bulk", params, ndjson, "application/x-ndjson");
    }

    private JsonNode perform(String method, String path, Map<String, String> params, byte[] body, String contentType) {
        EsTransport.Reply resp;
        try {
            resp = transport.send(method, path, params, body, contentType);
        } catch (IOException e) {
            throw new EsException(method + " " + path + " failed: " + e.getMessage(), e);
        }
        // The client's transport configures its REST client not to throw on error statuses: check them here.
        if (resp.status() >= 300) {
            throw toEsException(method, path, resp);
        }
        try {
            return resp.body().length == 0 ? MissingNode.getInstance() : JSON.readTree(resp.body());
        } catch (IOException e) {
            throw new EsException(method + " " + path + " answered unreadable JSON: " + e.getMessage(), e);
        }
    }

    private static EsException toEsException(String method, String path, EsTransport.Reply resp) {
        int status = resp.status();
        String type = null;
        String reason = null;
        try {
            if (resp.body().length > 0) {
                JsonNode n = JSON.readTree(resp.body());
                JsonNode err = n.path("error");
                if (err.isObject()) {
                    type = err.path("type").asText(null);
                    reason = err.path("reason").asText("");
                    if (reason.isBlank()) {
                        // Search phase failures put the useful part (which shards) one level down.
                        reason = err.path("caused_by").path("reason").asText(null);
                    }
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
        return new EsException(status, type, method + " " + path + " answered " + status
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
        EsTransport.Reply r;
        try {
            r = transport.send("HEAD", "/" + name, Map.of(), null, null);
        } catch (IOException e) {
            throw new EsException("HEAD /" + name + " failed: " + e.getMessage(), e);
        }
        if (r.status() == 200) {
            return true;
        }
        if (r.status() == 404) {
            return false;
        }
        throw toEsException("HEAD", "/" + name, r);
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
            transport.close();
            if (client != null) {
                client.close();
            }
        } catch (Exception e) {
            // Closing a client that cannot reach the server is not worth failing for.
        }
    }
}
