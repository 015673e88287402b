package io.authstream.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MaskingTest {

    @Test
    void recognisesSecretKeysWhateverTheSeparator() {
        assertThat(List.of("a.password", "ssl.key.password", "x.client_secret", "x.clientSecret", "ingest.token", "x.api-key", "x.api_key",
                "x.apiKey", "x.private.key", "x.credentials", "kafka.sasl.jaas.config", "basic.auth.user.info", "AUTHSTREAM_X_TOKEN",
                "kafka.ssl.keystore.key", "ssl.keystore.key", "sasl.oauthbearer.assertion.private.key.passphrase", "x.pass-phrase",
                "retention.erasure-salt", "AUTHSTREAM_RETENTION_ERASURE_SALT", "notifier.destinations.ops.url",
                "AUTHSTREAM_NOTIFIER_DESTINATIONS_OPS_URL", "notifier.destinations.pd.routing-key", "ingest.streams.main.tokens",
                "ingest.tls.keystore-password", "kibana.api-key"))
                .allSatisfy(k -> assertThat(Masking.isSecret(k)).as(k).isTrue());
        assertThat(List.of("ingest.port", "kafka.linger.ms", "kafka.key.serializer", "session.timeout.ms", "archive.index-prefix",
                "archive.elasticsearch.url", "ingest.tls.keystore", "ssl.keystore.location", "notifier.destinations.ops.type",
                "AUTHSTREAM_INGEST_HTTP_PORT", "partition.assignment.strategy"))
                .allSatisfy(k -> assertThat(Masking.isSecret(k)).as(k).isFalse());
    }

    @Test
    void masksAKeyDeclaredSecretUnderItsDottedAndItsVariableName() {
        assertThat(Masking.value("masking-test.plain-name", "v")).isEqualTo("v");

        Masking.declare("masking-test.plain-name");

        assertThat(Masking.value("masking-test.plain-name", "v")).isEqualTo("****");
        assertThat(Masking.value("AUTHSTREAM_MASKING_TEST_PLAIN_NAME", "v")).isEqualTo("****");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://elastic:pw-1@es:9200|https://elastic:****@es:9200",
            "http://u:p%40ss@h/x and ftp://a:b@c|http://u:****@h/x and ftp://a:****@c",
            "https://es.example.com:9200|https://es.example.com:9200",
            "https://user@es:9200|https://user@es:9200",
            "https://hooks.slack.com/services/T0/B0/abcDEF|https://hooks.slack.com/****",
            "url=https://hooks.slack.com/triggers/T0/123/abc, next|url=https://hooks.slack.com/****, next",
            "https://events.pagerduty.com/v2/enqueue|https://events.pagerduty.com/v2/enqueue"})
    void masksUrlPasswordsAndSlackPathsInAnyValue(String value, String shown) {
        assertThat(Masking.inValue(value)).isEqualTo(shown);
        assertThat(Masking.value("some.harmless.setting", value)).isEqualTo(shown);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "OPENSSH PRIVATE KEY"})
    void masksPemPrivateKeysInAnyValue(String type) {
        String pem = "-----BEGIN " + type + "-----\nMIIEvQIBADAN-body-1\nBgkqhkiG-body-2\n-----END " + type + "-----\n";
        String chain = "-----BEGIN CERTIFICATE-----\nMIIC-cert\n-----END CERTIFICATE-----\n";

        assertThat(Masking.inValue(chain + pem)).isEqualTo(chain + "****\n").doesNotContain("body");
        assertThat(Masking.inValue("-----BEGIN " + type + "-----\ncut short-body")).isEqualTo("****");
    }

    @Test
    void masksSecretClientSettingsByTheirNameOrTheirPrefixedName() {
        Masking.declare("kafka.masking-test.custom");
        Map<String, String> shown = Masking.map("kafka", Map.of("ssl.keystore.key", "-----BEGIN PRIVATE KEY-----x",
                "sasl.jaas.config", "PlainLoginModule password=\"p\";", "masking-test.custom", "c", "bootstrap.servers", "k:9092",
                "sasl.oauthbearer.token.endpoint.url", "https://id:pw@idp/token"));

        assertThat(shown).containsEntry("ssl.keystore.key", "****").containsEntry("sasl.jaas.config", "****")
                .containsEntry("masking-test.custom", "****").containsEntry("bootstrap.servers", "k:9092");
        assertThat(shown.get("sasl.oauthbearer.token.endpoint.url")).doesNotContain("pw");
    }
}
