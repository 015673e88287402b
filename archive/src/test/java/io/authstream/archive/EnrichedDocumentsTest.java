package io.authstream.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authstream.enrich.EnrichConfig;
import io.authstream.enrich.Enricher;
import io.authstream.schemas.catalogue.EventCatalogue;
import io.authstream.schemas.config.Config;
import io.authstream.schemas.index.IndexLayout;
import io.authstream.schemas.index.IndexTemplates;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Archived documents carry ECS geo, network, user-agent and "related" fields, each mapped by the template. */
class EnrichedDocumentsTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final Enricher ENRICHER = Enricher.create(EnrichConfig.from(Config.of(Map.of(
            "enrich.geoip.city-database", resource("GeoLite2-City-Test.mmdb"),
            "enrich.geoip.asn-database", resource("GeoLite2-ASN-Test.mmdb")))));
    private final EventDocuments docs = new EventDocuments(EventCatalogue.bundled(), IndexLayout.defaults(), ENRICHER);

    private static String resource(String name) {
        try {
            return Path.of(EnrichedDocumentsTest.class.getResource("/geoip/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode document(String json) throws Exception {
        EventDocuments.Built b = (EventDocuments.Built) docs.build(json.getBytes(StandardCharsets.UTF_8), "main", "acme", null);
        return M.readTree(new String(b.line(), StandardCharsets.UTF_8).split("\n")[1]);
    }

    private static final String FAILED_LOGIN_FROM_LONDON = "{\"log_id\":\"900geo1\",\"data\":{\"date\":\"2026-11-27T10:00:00Z\","
            + "\"type\":\"f\",\"ip\":\"81.2.69.142\",\"user_id\":\"auth0|u1\",\"user_name\":\"a@example.com\","
            + "\"user_agent\":\"Chrome 120.0.0 / Mac OS X 10.15.7\",\"details\":{\"error\":{\"message\":\"Wrong password.\"}}}}";

    @Test
    void aKnownAddressGetsGeoAsnAndParsedUserAgent() throws Exception {
        JsonNode d = document(FAILED_LOGIN_FROM_LONDON);
        assertThat(d.at("/source/ip").asText()).isEqualTo("81.2.69.142");
        assertThat(d.at("/source/geo/country_iso_code").asText()).isEqualTo("GB");
        assertThat(d.at("/source/geo/city_name").asText()).isEqualTo("London");
        assertThat(d.at("/source/geo/location/lat").asDouble()).isEqualTo(51.5142);
        assertThat(d.at("/user_agent/name").asText()).isEqualTo("Chrome");
        assertThat(d.at("/user_agent/os/name").asText()).isEqualTo("Mac OS X");
        assertThat(d.at("/event/kind").asText()).isEqualTo("event");
        assertThat(d.at("/event/dataset").asText()).isEqualTo("auth0.logs");
        assertThat(d.at("/ecs/version").asText()).isEqualTo(EventDocuments.ECS_VERSION);
        assertThat(d.at("/log/level").asText()).as("details.error present").isEqualTo("error");
        assertThat(d.at("/network/type").asText()).isEqualTo("ipv4");
        assertThat(d.at("/related/ip/0").asText()).isEqualTo("81.2.69.142");
        assertThat(d.at("/related/user").toString()).isEqualTo("[\"auth0|u1\",\"a@example.com\"]");
        assertThat(d.at("/auth0/details/error/message").asText()).as("data is still copied verbatim").isEqualTo("Wrong password.");

        JsonNode telstra = document(FAILED_LOGIN_FROM_LONDON.replace("81.2.69.142", "1.128.0.1").replace("900geo1", "900geo2"));
        assertThat(telstra.at("/source/as/number").asLong()).isEqualTo(1221);
        assertThat(telstra.at("/source/as/organization/name").asText()).isEqualTo("Telstra Pty Ltd");
    }

    @Test
    void auth0LocationInfoFillsInAndPrivateAddressesStayWithoutGeo() throws Exception {
        String pulled = "{\"log_id\":\"900geo3\",\"data\":{\"date\":\"2026-11-27T10:00:00Z\",\"type\":\"s\",\"ip\":\"8.8.8.8\","
                + "\"location_info\":{\"country_code\":\"DE\",\"city_name\":\"Berlin\",\"latitude\":52.52,\"longitude\":13.4}}}";
        JsonNode d = document(pulled);
        assertThat(d.at("/source/geo/country_iso_code").asText()).isEqualTo("DE");
        assertThat(d.at("/auth0/location_info/city_name").asText()).isEqualTo("Berlin");
        assertThat(d.at("/log/level").isMissingNode()).isTrue();

        JsonNode internal = document(pulled.replace("8.8.8.8", "10.0.0.7").replace("900geo3", "900geo4"));
        assertThat(internal.at("/source/geo").isMissingNode()).isTrue();
        assertThat(internal.at("/source/ip").asText()).isEqualTo("10.0.0.7");
    }

    @Test
    void everyFieldTheArchiveWritesIsMappedByTheTemplate() throws Exception {
        Map<String, String> mapped = IndexTemplates.template(IndexTemplates.Kind.EVENTS, IndexLayout.defaults()).fieldTypes();
        JsonNode d = document(FAILED_LOGIN_FROM_LONDON);
        List<String> unmapped = new ArrayList<>();
        leaves("", d, mapped, unmapped);
        assertThat(unmapped).as("document fields the template does not map (dynamic: false drops them silently)").isEmpty();
        assertThat(mapped).containsEntry("source.geo.location", "geo_point").containsEntry("source.as.number", "long")
                .containsEntry("related.ip", "ip");
    }

    private static void leaves(String prefix, JsonNode n, Map<String, String> mapped, List<String> unmapped) {
        if (prefix.startsWith("auth0.")) {
            return; // the raw data object, mapped by its own (partly flattened) rules
        }
        String path = prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
        if (n.isObject() && !mapped.containsKey(path)) {
            n.properties().forEach(e -> leaves(prefix + e.getKey() + ".", e.getValue(), mapped, unmapped));
        } else if (!mapped.containsKey(path)) {
            unmapped.add(path);
        }
    }
}
