package io.authstream.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import io.authstream.schemas.event.Auth0Event;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds geo, network and user-agent fields to an event from what the event already carries
 * ({@code ip}, {@code user_agent}, {@code location_info}): no second parse of the event, and one
 * lookup per distinct address or user-agent string thanks to the caches. Thread-safe.
 */
public final class Enricher {
    private static final Logger LOG = LoggerFactory.getLogger(Enricher.class);
    private static final Map<String, String> CONTINENTS = Map.of("AF", "Africa", "AN", "Antarctica", "AS", "Asia",
            "EU", "Europe", "NA", "North America", "OC", "Oceania", "SA", "South America");

    private final GeoIp geoIp;
    private final Optional<UserAgents> userAgents;

    Enricher(GeoIp geoIp, Optional<UserAgents> userAgents) {
        this.geoIp = geoIp;
        this.userAgents = userAgents;
    }

    /** An enricher that adds nothing (no databases, no user-agent parsing), and says nothing about it. */
    public static Enricher none() {
        return new Enricher(new GeoIp(Optional.empty(), Optional.empty(), java.time.Duration.ofMinutes(1), Clock.systemUTC(), 1),
                Optional.empty());
    }

    /** An enricher for {@code config}, with the system clock and the default raw user-agent parser. */
    public static Enricher create(EnrichConfig config) {
        return create(config, Clock.systemUTC(), RawUserAgentParser.create());
    }

    static Enricher create(EnrichConfig config, Clock clock, Function<String, UserAgent> rawParser) {
        GeoIp geo = new GeoIp(config.cityDatabase(), config.asnDatabase(), config.reloadCheck(), clock, config.cacheSize());
        if (!geo.enabled()) {
            LOG.info("GeoIP enrichment is off: set enrich.geoip.city-database and enrich.geoip.asn-database to MaxMind"
                    + " .mmdb files to get source.geo.* and source.as.* (location_info from Auth0 is still used)");
        }
        return new Enricher(geo, config.userAgents() ? Optional.of(new UserAgents(rawParser, config.cacheSize())) : Optional.empty());
    }

    public Enrichment enrich(Auth0Event event) {
        return enrich(event.ip().orElse(null), event.userAgent().orElse(null), event.data().path("location_info"));
    }

    public Enrichment enrich(String ip, String userAgent, JsonNode locationInfo) {
        Optional<InetAddress> address = Addresses.parsePublic(ip);
        GeoIp.Answer answer = address.filter(a -> geoIp.enabled()).map(geoIp::lookup)
                .orElse(new GeoIp.Answer(Optional.empty(), Optional.empty()));
        // Auth0's location_info fills in where GeoIP knows nothing, except for a private address.
        boolean privateAddress = address.isEmpty() && Addresses.parse(ip).isPresent();
        Optional<Geo> geo = answer.geo().or(() -> privateAddress ? Optional.empty() : fromLocationInfo(locationInfo));
        Optional<UserAgent> ua = userAgents.flatMap(p -> p.parse(userAgent));
        return new Enrichment(geo, answer.as(), ua);
    }

    /** Auth0's own {@code location_info} (pull-mode events carry it), used where GeoIP knows nothing. */
    static Optional<Geo> fromLocationInfo(JsonNode li) {
        if (li == null || !li.isObject()) {
            return Optional.empty();
        }
        Optional<String> country = text(li, "country_code");
        Optional<Geo.Point> point = Optional.empty();
        Optional<Double> lat = number(li, "latitude");
        Optional<Double> lon = number(li, "longitude");
        if (lat.isPresent() && lon.isPresent() && lat.get() >= -90 && lat.get() <= 90 && lon.get() >= -180 && lon.get() <= 180) {
            point = Optional.of(new Geo.Point(lat.get(), lon.get()));
        }
        Geo g = new Geo(text(li, "continent_code").map(CONTINENTS::get), country, text(li, "country_name"), Optional.empty(),
                text(li, "city_name"), point, "auth0");
        return g.isEmpty() ? Optional.empty() : Optional.of(g);
    }

    private static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText().strip()) : Optional.empty();
    }

    private static Optional<Double> number(JsonNode n, String field) {
        JsonNode v = n.path(field);
        if (v.isNumber()) {
            return Optional.of(v.asDouble());
        }
        if (v.isTextual()) {
            try {
                double d = Double.parseDouble(v.asText().strip());
                return Double.isFinite(d) ? Optional.of(d) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
