package io.authstream.enrich;

import java.util.Optional;

/**
 * Where an address is, as ECS {@code source.geo.*} names it. Any part may be missing; a database
 * that knows only the country gives a {@code Geo} without city or location.
 *
 * @param continentName  {@code source.geo.continent_name}
 * @param countryIsoCode {@code source.geo.country_iso_code}
 * @param countryName    {@code source.geo.country_name}
 * @param regionName     {@code source.geo.region_name}
 * @param cityName       {@code source.geo.city_name}
 * @param location       {@code source.geo.location} (a {@code geo_point})
 * @param source         where the answer came from: {@code geoip} or {@code auth0} ({@code location_info})
 */
public record Geo(Optional<String> continentName, Optional<String> countryIsoCode, Optional<String> countryName,
                  Optional<String> regionName, Optional<String> cityName, Optional<Point> location, String source) {

    /** A latitude/longitude pair in degrees. */
    public record Point(double lat, double lon) {
        public Point {
            if (!(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180)) {
                throw new IllegalArgumentException("not a position on Earth: " + lat + ", " + lon);
            }
        }

        /** Great-circle distance in kilometres (haversine, mean Earth radius). */
        public double kilometresTo(Point other) {
            double dLat = Math.toRadians(other.lat - lat);
            double dLon = Math.toRadians(other.lon - lon);
            double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                    + Math.cos(Math.toRadians(lat)) * Math.cos(Math.toRadians(other.lat)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
            return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(a)));
        }
    }

    /** True when nothing at all is known. */
    public boolean isEmpty() {
        return countryIsoCode.isEmpty() && location.isEmpty() && cityName.isEmpty() && continentName.isEmpty();
    }
}
