package io.authstream.ingest;

import static io.authstream.ingest.IngestFixture.TOKEN;
import static io.authstream.ingest.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.authstream.embedded.EmbeddedKafka;
import io.authstream.embedded.junit.EmbeddedStack;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a PKCS12 keystore: a client that trusts the certificate posts; plain HTTP to the port gets nowhere. */
@EmbeddedStack
class TlsIT {
    private static final String PASSWORD = "changeit-please";

    @Test
    void servesTheWebhookOverHttpsFromAPkcs12Keystore(EmbeddedKafka kafka, @TempDir Path dir) throws Exception {
        Path keystore = keystore(dir);
        Map<String, String> config = IngestFixture.config(kafka.bootstrapServers());
        config.put("ingest.tls.keystore", keystore.toString());
        config.put("ingest.tls.keystore-password", PASSWORD);
        try (IngestServer server = IngestFixture.start(config)) {
            URI endpoint = server.endpoint("main");
            assertThat(endpoint.getScheme()).isEqualTo("https");
            HttpClient client = HttpClient.newBuilder().sslContext(trusting(keystore)).connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(endpoint).header("Authorization", TOKEN)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(event("tls-1"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"accepted\":1,\"duplicates\":0,\"rejected\":0}");

            URI plain = URI.create("http://127.0.0.1:" + server.port() + "/v1/auth0/main");
            Throwable refused = catchThrowable(() -> {
                HttpResponse<String> p = IngestFixture.post(plain, TOKEN, "application/json", TestEvents.utf8(event("tls-2")), Map.of());
                assertThat(p.statusCode()).isNotEqualTo(200);
            });
            assertThat(refused == null || refused.getCause() instanceof java.io.IOException).as(String.valueOf(refused)).isTrue();
        }
    }

    @Test
    void offersOnlyTheConfiguredProtocolsAndNoCbcSuitesByDefault(EmbeddedKafka kafka, @TempDir Path dir) throws Exception {
        Path keystore = keystore(dir);
        Map<String, String> config = IngestFixture.config(kafka.bootstrapServers());
        config.put("ingest.tls.keystore", keystore.toString());
        config.put("ingest.tls.keystore-password", PASSWORD);
        try (IngestServer server = IngestFixture.start(config)) {
            assertThat(handshake(keystore, server.port(), "TLSv1.2", null)).as("TLS 1.2 with an AEAD suite").isEqualTo("TLSv1.2");
            assertThat(handshake(keystore, server.port(), "TLSv1.3", null)).isEqualTo("TLSv1.3");
            assertThat(handshake(keystore, server.port(), "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"))
                    .as("a CBC suite is refused").isEqualTo("refused");
        }
        config.put("ingest.tls.protocols", "TLSv1.3");
        try (IngestServer server = IngestFixture.start(config)) {
            assertThat(handshake(keystore, server.port(), "TLSv1.2", null)).as("TLS 1.2 once excluded").isEqualTo("refused");
            assertThat(handshake(keystore, server.port(), "TLSv1.3", null)).isEqualTo("TLSv1.3");
        }
    }

    /** The protocol a client limited to {@code protocol} (and {@code suite}) negotiates, or "refused". */
    private static String handshake(Path keystore, int port, String protocol, String suite) throws Exception {
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) trusting(keystore).getSocketFactory()
                .createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.setEnabledProtocols(new String[] {protocol});
            if (suite != null) {
                socket.setEnabledCipherSuites(new String[] {suite});
            }
            socket.startHandshake();
            return socket.getSession().getProtocol();
        } catch (java.io.IOException e) { // an alert, or the connection closed during the handshake
            return "refused";
        }
    }

    private static Path keystore(Path dir) throws Exception {
        Path keystore = dir.resolve("ingest.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "ingest", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as(out).isZero();
        return keystore;
    }

    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
