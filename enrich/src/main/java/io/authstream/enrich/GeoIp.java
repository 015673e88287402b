package io.authstream.enrich;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.AsnResponse;
import com.maxmind.geoip2.model.CityResponse;
import com.maxmind.geoip2.record.Subdivision;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * City and ASN lookups from MaxMind-format databases the user supplies, cached per address. Either
 * database may be absent; then its fields are simply not filled.
 */
public final class GeoIp {
    private final Optional<ReloadingDatabase> city;
    private final Optional<ReloadingDatabase> asn;
    private final Cache<InetAddress, Answer> cache;

    /** What one address resolved to. */
    record Answer(Optional<Geo> geo, Optional<AutonomousSystem> as) {
    }

    GeoIp(Optional<Path> cityFile, Optional<Path> asnFile, Duration checkEvery, Clock clock, long cacheSize) {
        this.cache = Caffeine.newBuilder().maximumSize(cacheSize).build();
        this.city = cityFile.map(p -> new ReloadingDatabase(p, checkEvery, clock, cache::invalidateAll));
        this.asn = asnFile.map(p -> new ReloadingDatabase(p, checkEvery, clock, cache::invalidateAll));
    }

    public boolean enabled() {
        return city.isPresent() || asn.isPresent();
    }

    /** Geo and AS of a public address (callers filter private ones out, see {@link Addresses}). */
    Answer lookup(InetAddress address) {
        // Ask the databases first so that a changed file invalidates the cache before it is read.
        Optional<DatabaseReader> c = city.flatMap(ReloadingDatabase::reader);
        Optional<DatabaseReader> a = asn.flatMap(ReloadingDatabase::reader);
        return cache.get(address, ip -> new Answer(c.flatMap(r -> city(r, ip)), a.flatMap(r -> asn(r, ip))));
    }

    long generations() {
        return city.map(ReloadingDatabase::generation).orElse(0L) + asn.map(ReloadingDatabase::generation).orElse(0L);
    }

    private static Optional<Geo> city(DatabaseReader r, InetAddress ip) {
        try {
            return r.tryCity(ip).map(GeoIp::toGeo).filter(g -> !g.isEmpty());
        } catch (IOException | GeoIp2Exception | UnsupportedOperationException e) {
            return Optional.empty(); // not a City database, or a corrupt record: no geo rather than no event
        }
    }

    private static Geo toGeo(CityResponse c) {
        Optional<Geo.Point> point = Optional.ofNullable(c.location()).filter(l -> l.latitude() != null && l.longitude() != null)
                .map(l -> new Geo.Point(l.latitude(), l.longitude()));
        Optional<String> region = Optional.ofNullable(c.mostSpecificSubdivision()).map(Subdivision::name);
        return new Geo(Optional.ofNullable(c.continent()).map(x -> x.name()),
                Optional.ofNullable(c.country()).map(x -> x.isoCode()),
                Optional.ofNullable(c.country()).map(x -> x.name()),
                region, Optional.ofNullable(c.city()).map(x -> x.name()), point, "geoip");
    }

    private static Optional<AutonomousSystem> asn(DatabaseReader r, InetAddress ip) {
        try {
            return r.tryAsn(ip).filter(x -> x.autonomousSystemNumber() != null)
                    .map((AsnResponse x) -> new AutonomousSystem(x.autonomousSystemNumber(),
                            x.autonomousSystemOrganization() == null ? "" : x.autonomousSystemOrganization()));
        } catch (IOException | GeoIp2Exception | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }
}
