package io.authstream.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.authstream.schemas.config.Config;
import io.authstream.schemas.config.ConfigException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Enrichment from MaxMind's public test databases (see src/test/resources/geoip/README.md). */
class EnricherTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode NO_LOCATION = JSON.missingNode();

    static Path resource(String name) {
        try {
            return Path.of(EnricherTest.class.getResource("/geoip/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Enricher enricher() {
        return Enricher.create(EnrichConfig.from(Config.of(Map.of(
                "enrich.geoip.city-database", resource("GeoLite2-City-Test.mmdb").toString(),
                "enrich.geoip.asn-database", resource("GeoLite2-ASN-Test.mmdb").toString()))));
    }

    @Test
    void knownTestAddressesGetTheirCityCountryAndLocation() {
        Enrichment e = enricher().enrich("81.2.69.142", null, NO_LOCATION);
        Geo g = e.geo().orElseThrow();
        assertThat(g.countryIsoCode()).contains("GB");
        assertThat(g.countryName()).contains("United Kingdom");
        assertThat(g.cityName()).contains("London");
        assertThat(g.continentName()).contains("Europe");
        assertThat(g.location().orElseThrow().lat()).isEqualTo(51.5142);
        assertThat(g.location().orElseThrow().lon()).isEqualTo(-0.0931);
        assertThat(g.source()).isEqualTo("geoip");

        assertThat(enricher().enrich("89.160.20.115", null, NO_LOCATION).geo().flatMap(Geo::cityName)).contains("Linköping");
        assertThat(enricher().enrich("175.16.199.1", null, NO_LOCATION).geo().flatMap(Geo::countryIsoCode)).contains("CN");
    }

    @Test
    void asnDatabaseNamesTheNetwork() {
        AutonomousSystem as = enricher().enrich("1.128.0.1", null, NO_LOCATION).as().orElseThrow();
        assertThat(as.number()).isEqualTo(1221);
        assertThat(as.organizationName()).isEqualTo("Telstra Pty Ltd");
    }

    @Test
    void privateReservedAndMalformedAddressesGetNoGeo() {
        Enricher e = enricher();
        JsonNode auth0Says = JSON.createObjectNode().put("country_code", "US").put("latitude", 1).put("longitude", 2);
        for (String ip : new String[] {"10.1.2.3", "192.168.0.1", "172.16.5.4", "127.0.0.1", "100.64.0.1", "169.254.1.1",
                "192.0.2.10", "198.51.100.7", "203.0.113.9", "::1", "fd00::1", "fe80::1", "2001:db8::1", "224.0.0.1"}) {
            assertThat(e.enrich(ip, null, auth0Says).geo()).as(ip).isEmpty();
            assertThat(e.enrich(ip, null, auth0Says).as()).as(ip).isEmpty();
        }
        for (String notAnAddress : new String[] {"", "localhost", "example.com", "999.1.1.1", "1.2.3", "81.2.69.142 ", "::g"}) {
            assertThat(Addresses.parse(notAnAddress).map(a -> a.getHostAddress()))
                    .as(notAnAddress).isEqualTo(notAnAddress.equals("81.2.69.142 ") ? Optional.of("81.2.69.142") : Optional.empty());
        }
    }

    @Test
    void auth0LocationInfoIsTheFallbackWhereGeoIpKnowsNothing() {
        ObjectNode li = JSON.createObjectNode().put("country_code", "DE").put("country_name", "Germany")
                .put("city_name", "Berlin").put("latitude", "52.52").put("longitude", "13.40").put("continent_code", "EU");
        Geo g = enricher().enrich("8.8.8.8", null, li).geo().orElseThrow(); // not in the test database
        assertThat(g.source()).isEqualTo("auth0");
        assertThat(g.cityName()).contains("Berlin");
        assertThat(g.continentName()).contains("Europe");
        assertThat(g.location()).contains(new Geo.Point(52.52, 13.40));

        Enricher off = Enricher.create(EnrichConfig.from(Config.of(Map.of())));
        assertThat(off.enrich("81.2.69.142", null, li).geo().flatMap(Geo::countryIsoCode)).as("no database configured").contains("DE");
        assertThat(off.enrich("81.2.69.142", null, NO_LOCATION)).isEqualTo(Enrichment.NONE);
    }

    @Test
    void geoIpWinsOverLocationInfo() {
        ObjectNode li = JSON.createObjectNode().put("country_code", "DE");
        assertThat(enricher().enrich("81.2.69.142", null, li).geo().flatMap(Geo::countryIsoCode)).contains("GB");
    }

    @Test
    void aMissingConfiguredDatabaseIsAnErrorNamingTheKey() {
        Assertions.assertThatThrownBy(() -> EnrichConfig.from(Config.of(Map.of("enrich.geoip.city-database", "/nonexistent/City.mmdb"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("enrich.geoip.city-database").hasMessageContaining("never downloads");
    }

    @Test
    void aReplacedDatabaseFileIsPickedUpWithoutRestart(@TempDir Path dir) throws Exception {
        Path live = dir.resolve("City.mmdb");
        Files.copy(resource("GeoLite2-ASN-Test.mmdb"), live); // the wrong database first: no city answers
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T00:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        EnrichConfig cfg = new EnrichConfig(Optional.of(live), Optional.empty(), Duration.ofMinutes(1), 1000, false);
        Enricher e = Enricher.create(cfg, clock, s -> UserAgent.UNKNOWN);
        assertThat(e.enrich("81.2.69.142", null, NO_LOCATION).geo()).isEmpty();

        Path next = dir.resolve("City.mmdb.new");
        Files.copy(resource("GeoLite2-City-Test.mmdb"), next);
        Files.setLastModifiedTime(next, FileTime.from(now.get().plusSeconds(5)));
        Files.move(next, live, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertThat(e.enrich("81.2.69.142", null, NO_LOCATION).geo()).as("not looked at again before reload-check").isEmpty();

        now.set(now.get().plus(Duration.ofMinutes(2)));
        assertThat(e.enrich("81.2.69.142", null, NO_LOCATION).geo().flatMap(Geo::cityName)).contains("London");
    }

    @Test
    void writesEcsFieldsIntoTheDocument() throws Exception {
        Enrichment e = enricher().enrich("81.2.69.142", "Chrome 120.0.0 / Mac OS X 10.15.7", NO_LOCATION);
        java.io.StringWriter out = new java.io.StringWriter();
        try (com.fasterxml.jackson.core.JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("source");
            g.writeStringField("ip", "81.2.69.142");
            e.writeSourceFields(g);
            g.writeEndObject();
            g.writeObjectFieldStart("user_agent");
            g.writeStringField("original", "Chrome 120.0.0 / Mac OS X 10.15.7");
            e.writeUserAgentFields(g);
            g.writeEndObject();
            g.writeEndObject();
        }
        JsonNode doc = JSON.readTree(out.toString());
        assertThat(doc.at("/source/ip").asText()).isEqualTo("81.2.69.142");
        assertThat(doc.at("/source/geo/country_iso_code").asText()).isEqualTo("GB");
        assertThat(doc.at("/source/geo/city_name").asText()).isEqualTo("London");
        assertThat(doc.at("/source/geo/location/lat").asDouble()).isEqualTo(51.5142);
        assertThat(doc.at("/source/geo/location/lon").asDouble()).isEqualTo(-0.0931);
        assertThat(doc.at("/user_agent/original").asText()).isEqualTo("Chrome 120.0.0 / Mac OS X 10.15.7");
        assertThat(doc.at("/user_agent/name").asText()).isEqualTo("Chrome");
        assertThat(doc.at("/user_agent/version").asText()).isEqualTo("120.0.0");
        assertThat(doc.at("/user_agent/os/name").asText()).isEqualTo("Mac OS X");
        assertThat(doc.at("/user_agent/os/version").asText()).isEqualTo("10.15.7");
    }
}
