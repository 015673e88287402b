package io.authstream.archive.es;

import co.elastic.clients.transport.rest5_client.low_level.Request;
import co.elastic.clients.transport.rest5_client.low_level.Response;
import co.elastic.clients.transport.rest5_client.low_level.ResponseException;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import co.elastic.clients.transport.rest5_client.low_level.Rest5ClientBuilder;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authstream.schemas.config.Secret;
import io.authstream.schemas.index.IndexTemplates.IndexTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archive's connection to Elasticsearch, through the official client's low-level
 * {@link Rest5Client}: bulk bodies are pre-built NDJSON sent as one byte array, because the typed
 * bulk API sends one HTTP chunk per line and halves throughput here
 * ({@code reference/local-kafka-elasticsearch.md} §3b). Health uses {@code _cluster/health}: this
 * distribution has no {@code GET /}. Thread-safe.
 */
public final class ElasticsearchGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchGateway.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = MAPPER.getFactory();
    private static final ContentType NDJSON = ContentType.create("application/x-ndjson");

    private final Rest5Client client;
    private final URI url;

    /**
     * @param apiKey   the encoded API key ({@code Authorization: ApiKey ...}); wins over basic auth
     * @param caFile   PEM certificate(s) to trust for https, in place of the JVM's default trust store
     */
    public ElasticsearchGateway(URI url, Optional<String> username, Optional<Secret> password, Optional<Secret> apiKey,
                                Optional<Path> caFile, Duration requestTimeout) {
        this.url = url;
        if (insecure(url, username.isPresent() || apiKey.isPresent())) {
            LOG.warn("Elasticsearch credentials are sent over plain http to {}: anyone on the network path can read them;"
                    + " use an https URL (and archive.elasticsearch.ca-file for a private CA)", url.getHost());
        }
        List<Header> headers = new ArrayList<>();
        if (apiKey.isPresent()) {
            headers.add(new BasicHeader("Authorization", "ApiKey " + apiKey.get().value()));
        } else if (username.isPresent() && password.isPresent()) {
            String token = Base64.getEncoder().encodeToString(
                    (username.get() + ":" + password.get().value()).getBytes(StandardCharsets.UTF_8));
            headers.add(new BasicHeader("Authorization", "Basic " + token));
        }
        Rest5ClientBuilder b = Rest5Client.builder(url)
                .setDefaultHeaders(headers.toArray(Header[]::new))
                .setCompressionEnabled(false)
                .setRequestConfigCallback(rc -> rc.setResponseTimeout(Timeout.of(requestTimeout.toMillis(), TimeUnit.MILLISECONDS))
                        .setConnectionRequestTimeout(Timeout.ofSeconds(30)))
                .setConnectionConfigCallback(cc -> cc.setConnectTimeout(Timeout.ofSeconds(5))
                        .setSocketTimeout(Timeout.of(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)));
        if (caFile.isPresent()) {
            b.setSSLContext(sslContext(caFile.get()));
        }
        this.client = b.build();
    }

    /** Whether credentials would cross the network unencrypted: http, a credential, and not a loopback host. */
    static boolean insecure(URI url, boolean credentials) {
        String h = url.getHost() == null ? "" : url.getHost();
        boolean loopback = h.equalsIgnoreCase("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
        return credentials && "http".equalsIgnoreCase(url.getScheme()) && !loopback;
    }

    static SSLContext sslContext(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            if (i == 0) {
                throw new IllegalArgumentException("archive.elasticsearch.ca-file " + caFile + " holds no PEM certificate");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read archive.elasticsearch.ca-file " + caFile + ": " + e.getMessage(), e);
        }
    }

    public URI url() {
        return url;
    }

    /** The cluster's status ({@code green}, {@code yellow}, {@code red}); throws when unreachable. */
    public String clusterHealth() throws IOException {
        Request r = new Request("GET", "/_cluster/health");
        r.addParameter("timeout", "5s");
        JsonNode n = MAPPER.readTree(EntityUtils.toByteArray(client.performRequest(r).getEntity()));
        return n.path("status").asText("unknown");
    }

    /**
     * Installs each template unless the cluster already has the same or a newer {@code version}
     * (an older authstream must not downgrade a template a newer one installed). Idempotent.
     *
     * @return the names of the templates written
     */
    public List<String> installTemplates(List<IndexTemplate> templates) throws IOException {
        List<String> written = new ArrayList<>();
        for (IndexTemplate t : templates) {
            int installed = installedVersion(t.name());
            if (installed >= t.version()) {
                LOG.info("Index template {} is at version {} (ours {}): left as it is", t.name(), installed, t.version());
                continue;
            }
            Request put = new Request("PUT", "/_index_template/" + t.name());
            put.setJsonEntity(t.json());
            client.performRequest(put);
            LOG.info("Installed index template {} version {} for {}", t.name(), t.version(), t.patterns());
            written.add(t.name());
        }
        return written;
    }

    /** The installed template's version, or -1 when there is none. */
    int installedVersion(String name) throws IOException {
        try {
            Response r = client.performRequest(new Request("GET", "/_index_template/" + name));
            JsonNode n = MAPPER.readTree(EntityUtils.toByteArray(r.getEntity()));
            return n.path("index_templates").path(0).path("index_template").path("version").asInt(-1);
        } catch (ResponseException e) {
            if (e.getResponse().getStatusCode() == 404) {
                return -1;
            }
            throw e;
        }
    }

    /**
     * Sends one pre-built NDJSON bulk body of {@code items} actions and classifies every item.
     *
     * @throws BulkRequestFailed when the request as a whole got an error status
     * @throws IOException       when Elasticsearch could not be reached or did not answer in time
     */
    public List<ItemOutcome> bulk(byte[] body, int length, int items) throws IOException {
        Request r = new Request("POST", "/_bulk");
        r.setEntity(new ByteArrayEntity(body, 0, length, NDJSON));
        Response resp;
        try {
            resp = client.performRequest(r);
        } catch (ResponseException e) {
            throw BulkRequestFailed.of(e.getResponse());
        }
        try (InputStream in = resp.getEntity().getContent()) {
            return parseBulkResponse(in, items);
        }
    }

    /**
     * Streams a bulk response: when {@code errors} is false every item was created and the items
     * are not read; otherwise each item's status and {@code error.type}/{@code reason} are read.
     */
    static List<ItemOutcome> parseBulkResponse(InputStream in, int items) throws IOException {
        List<ItemOutcome> out = new ArrayList<>(items);
        try (JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("bulk response is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken v = p.nextToken();
                if ("errors".equals(f) && v == JsonToken.VALUE_FALSE) {
                    for (int i = 0; i < items; i++) {
                        out.add(ItemOutcome.INDEXED);
                    }
                    return out;
                } else if ("items".equals(f) && v == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        p.nextToken(); // the action name
                        p.nextToken(); // its object
                        out.add(readItem(p));
                        p.nextToken(); // end of the item wrapper
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        if (out.size() != items) {
            throw new IOException("bulk response has " + out.size() + " items for " + items + " actions");
        }
        return out;
    }

    private static ItemOutcome readItem(JsonParser p) throws IOException {
        int status = 0;
        String type = null;
        String reason = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            if ("status".equals(f)) {
                status = p.getIntValue();
            } else if ("error".equals(f) && p.currentToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String ef = p.currentName();
                    p.nextToken();
                    if ("type".equals(ef)) {
                        type = p.getText();
                    } else if ("reason".equals(ef)) {
                        reason = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        return ErrorTypes.classify(status, type, reason);
    }

    /**
     * {@code _mget} of {@code field} from each (index, id): the {@code docs} array of the answer,
     * in the order asked ({@code found: false} for a missing one).
     */
    public JsonNode mget(List<java.util.Map.Entry<String, String>> indexAndIds, String field) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode body = MAPPER.createObjectNode();
        com.fasterxml.jackson.databind.node.ArrayNode docs = body.putArray("docs");
        for (java.util.Map.Entry<String, String> d : indexAndIds) {
            docs.addObject().put("_index", d.getKey()).put("_id", d.getValue()).putArray("_source").add(field);
        }
        Request r = new Request("POST", "/_mget");
        r.setJsonEntity(MAPPER.writeValueAsString(body));
        return MAPPER.readTree(EntityUtils.toByteArray(client.performRequest(r).getEntity())).path("docs");
    }

    /** A low-level request for tools (e.g. Kibana import is separate; this is for ES only). */
    public Response perform(Request r) throws IOException {
        return client.performRequest(r);
    }

    @Override
    public void close() throws IOException {
        client.close();
    }

    /** The bulk request as a whole failed with an HTTP error status. */
    public static final class BulkRequestFailed extends IOException {
        private final int status;
        private final String type;

        BulkRequestFailed(int status, String type, String reason) {
            super("bulk request failed: HTTP " + status + (type == null ? "" : " " + type) + (reason == null ? "" : ": " + reason));
            this.status = status;
            this.type = type;
        }

        static BulkRequestFailed of(Response r) {
            String type = null;
            String reason = null;
            try {
                JsonNode n = MAPPER.readTree(EntityUtils.toByteArray(r.getEntity()));
                type = n.path("error").path("type").asText(null);
                reason = n.path("error").path("reason").asText(null);
            } catch (IOException | RuntimeException ignored) {
                // no structured error body: the status alone classifies it
            }
            return new BulkRequestFailed(r.getStatusCode(), type, reason);
        }

        public int status() {
            return status;
        }

        public String type() {
            return type;
        }

        public boolean retryable() {
            return ErrorTypes.retryableRequestStatus(status);
        }
    }
}
