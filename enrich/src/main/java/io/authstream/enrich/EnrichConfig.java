package io.authstream.enrich;

import io.authstream.schemas.config.Config;
import io.authstream.schemas.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Enrichment settings, read the same way by every component that enriches.
 *
 * @param cityDatabase  {@code enrich.geoip.city-database}: a GeoLite2/GeoIP2 City (or Country) .mmdb file
 * @param asnDatabase   {@code enrich.geoip.asn-database}: a GeoLite2/GeoIP2 ASN .mmdb file
 * @param reloadCheck   {@code enrich.geoip.reload-check}: how often the files' modification times are looked at
 * @param cacheSize     {@code enrich.cache-size}: addresses and user-agent strings remembered (each)
 * @param userAgents    {@code enrich.user-agent.enabled}: parse {@code user_agent}
 */
public record EnrichConfig(Optional<Path> cityDatabase, Optional<Path> asnDatabase, Duration reloadCheck, long cacheSize,
                           boolean userAgents) {

    public static EnrichConfig from(Config c) {
        return new EnrichConfig(file(c, "enrich.geoip.city-database"), file(c, "enrich.geoip.asn-database"),
                c.positiveDuration("enrich.geoip.reload-check", Duration.ofMinutes(1)),
                c.positiveLong("enrich.cache-size", 100_000), c.bool("enrich.user-agent.enabled", true));
    }

    private static Optional<Path> file(Config c, String key) {
        Optional<Path> p = Optional.of(c.string(key, "")).filter(s -> !s.isBlank()).map(Path::of);
        p.ifPresent(f -> {
            if (!Files.isRegularFile(f)) {
                throw new ConfigException(key + " points to " + f + ", which is not a readable file"
                        + " (authstream never downloads a GeoIP database: supply it, e.g. with geoipupdate).");
            }
        });
        return p;
    }
}
