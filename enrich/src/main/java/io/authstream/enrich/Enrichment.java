package io.authstream.enrich;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Optional;

/**
 * What enrichment adds to one event, written under the ECS names the index template maps
 * ({@code source.geo.*}, {@code source.as.*}, {@code user_agent.*}). The writers take an open
 * object so that the archive streams them into its document without building a tree.
 */
public record Enrichment(Optional<Geo> geo, Optional<AutonomousSystem> as, Optional<UserAgent> userAgent) {
    public static final Enrichment NONE = new Enrichment(Optional.empty(), Optional.empty(), Optional.empty());

    /** True when there is something for the {@code source} object. */
    public boolean hasSource() {
        return geo.isPresent() || as.isPresent();
    }

    /** Writes {@code "geo":{…}} and {@code "as":{…}} into the open {@code source} object. */
    public void writeSourceFields(JsonGenerator g) throws IOException {
        if (geo.isPresent()) {
            Geo x = geo.get();
            g.writeObjectFieldStart("geo");
            field(g, "continent_name", x.continentName());
            field(g, "country_iso_code", x.countryIsoCode());
            field(g, "country_name", x.countryName());
            field(g, "region_name", x.regionName());
            field(g, "city_name", x.cityName());
            if (x.location().isPresent()) {
                g.writeObjectFieldStart("location");
                g.writeNumberField("lat", x.location().get().lat());
                g.writeNumberField("lon", x.location().get().lon());
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        if (as.isPresent()) {
            g.writeObjectFieldStart("as");
            g.writeNumberField("number", as.get().number());
            if (!as.get().organizationName().isEmpty()) {
                g.writeObjectFieldStart("organization");
                g.writeStringField("name", as.get().organizationName());
                g.writeEndObject();
            }
            g.writeEndObject();
        }
    }

    /** Writes {@code name}, {@code version}, {@code os.*} and {@code device.name} into the open {@code user_agent} object. */
    public void writeUserAgentFields(JsonGenerator g) throws IOException {
        if (userAgent.isEmpty()) {
            return;
        }
        UserAgent u = userAgent.get();
        field(g, "name", u.name());
        field(g, "version", u.version());
        if (u.osName().isPresent() || u.osVersion().isPresent()) {
            g.writeObjectFieldStart("os");
            field(g, "name", u.osName());
            field(g, "version", u.osVersion());
            g.writeEndObject();
        }
        if (u.deviceName().isPresent()) {
            g.writeObjectFieldStart("device");
            g.writeStringField("name", u.deviceName().get());
            g.writeEndObject();
        }
    }

    private static void field(JsonGenerator g, String name, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            g.writeStringField(name, value.get());
        }
    }
}
