package io.authstream.archive.es;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.authstream.schemas.config.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS and authentication seam: a CA file makes a server certificate the JVM does not know
 * trusted, and credentials go in the Authorization header. The embedded Elasticsearch has no TLS,
 * so an HTTPS endpoint with a freshly made certificate stands in for the transport layer only.
 */
class ElasticsearchGatewayTlsTest {
    @TempDir
    Path dir;
    private HttpsServer server;
    private final AtomicReference<String> authorization = new AtomicReference<>();

    @BeforeEach
    void startHttpsEndpoint() throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path ks = dir.resolve("server.p12");
        run(keytool.toString(), "-genkeypair", "-alias", "es", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", ks.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit");
        run(keytool.toString(), "-exportcert", "-rfc", "-alias", "es", "-keystore", ks.toString(), "-storepass", "changeit",
                "-file", dir.resolve("ca.pem").toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx));
        server.createContext("/_cluster/health", ex -> {
            authorization.set(ex.getRequestHeaders().getFirst("Authorization"));
            byte[] b = "{\"cluster_name\":\"x\",\"status\":\"green\"}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.getResponseHeaders().set("X-elastic-product", "Elasticsearch");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void trustsTheServerThroughTheCaFileAndSendsTheApiKey() throws Exception {
        try (ElasticsearchGateway gw = gateway(Optional.of(dir.resolve("ca.pem")), Optional.empty(), Optional.of(Secret.of("a2V5OnNlY3JldA==")))) {
            assertThat(gw.clusterHealth()).isEqualTo("green");
        }
        assertThat(authorization.get()).isEqualTo("ApiKey a2V5OnNlY3JldA==");
    }

    @Test
    void sendsBasicAuthWhenNoApiKeyIsSet() throws Exception {
        try (ElasticsearchGateway gw = gateway(Optional.of(dir.resolve("ca.pem")), Optional.of("archiver"), Optional.empty())) {
            gw.clusterHealth();
        }
        assertThat(authorization.get()).isEqualTo("Basic YXJjaGl2ZXI6cHc="); // archiver:pw
    }

    @Test
    void callsCredentialsOverPlainHttpToAnotherHostInsecure() {
        assertThat(ElasticsearchGateway.insecure(java.net.URI.create("http://es.internal:9200"), true)).isTrue();
        assertThat(ElasticsearchGateway.insecure(java.net.URI.create("https://es.internal:9200"), true)).isFalse();
        assertThat(ElasticsearchGateway.insecure(java.net.URI.create("http://127.0.0.1:9200"), true)).as("loopback").isFalse();
        assertThat(ElasticsearchGateway.insecure(java.net.URI.create("http://es.internal:9200"), false)).as("no credential").isFalse();
    }

    @Test
    void refusesAnUntrustedCertificateWithoutTheCaFile() throws Exception {
        try (ElasticsearchGateway gw = gateway(Optional.empty(), Optional.empty(), Optional.empty())) {
            assertThatThrownBy(gw::clusterHealth).isInstanceOf(IOException.class);
        }
        assertThat(authorization.get()).as("nothing reached the server").isNull();
    }

    private ElasticsearchGateway gateway(Optional<Path> ca, Optional<String> user, Optional<Secret> apiKey) {
        return new ElasticsearchGateway(URI.create("https://127.0.0.1:" + server.getAddress().getPort()), user,
                user.map(u -> Secret.of("pw")), apiKey, ca, Duration.ofSeconds(10));
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }
}
