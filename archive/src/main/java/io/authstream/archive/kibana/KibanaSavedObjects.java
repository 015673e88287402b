package io.authstream.archive.kibana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authstream.schemas.config.Secret;
import io.authstream.schemas.index.IndexLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The bundled saved objects ({@code kibana/authstream-saved-objects.ndjson}): data views for the
 * event and alert indices (time field {@code @timestamp}), forensic saved searches and an overview
 * dashboard, and their import through Kibana's saved-objects API.
 */
public final class KibanaSavedObjects {
    public static final String RESOURCE = "/kibana/authstream-saved-objects.ndjson";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private KibanaSavedObjects() {
    }

    /** The NDJSON as bundled (default index prefix {@code auth0-}). */
    public static String bundled() {
        try (InputStream in = KibanaSavedObjects.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bundled objects with the data-view titles following {@code layout}'s prefix. */
    public static String forLayout(IndexLayout layout) {
        return bundled().replace("\"title\":\"auth0-logs-*\"", "\"title\":\"" + layout.eventIndexPattern() + "\"")
                .replace("\"title\":\"auth0-alerts-*\"", "\"title\":\"" + layout.alertIndexPattern() + "\"");
    }

    /** Each saved object as a tree. */
    public static List<JsonNode> parse(String ndjson) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : ndjson.split("\n")) {
            if (!line.isBlank()) {
                try {
                    out.add(MAPPER.readTree(line));
                } catch (IOException e) {
                    throw new IllegalArgumentException("not a saved object: " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    /** What Kibana answered. */
    public record ImportResult(int status, boolean success, int successCount, String body) {
    }

    /**
     * {@code POST <kibana>/api/saved_objects/_import?overwrite=true} with the objects as a multipart
     * file, so re-running it updates rather than duplicates.
     *
     * @param space a Kibana space id, or empty for the default space
     */
    public static ImportResult importTo(URI kibana, String ndjson, Optional<String> space, Optional<String> username,
                                        Optional<Secret> password, Optional<Secret> apiKey) throws IOException, InterruptedException {
        String boundary = "authstream-" + UUID.randomUUID();
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"authstream-saved-objects.ndjson\"\r\n"
                + "Content-Type: application/ndjson\r\n\r\n" + ndjson + "\r\n--" + boundary + "--\r\n";
        String base = kibana.toString().replaceAll("/+$", "");
        String path = space.filter(s -> !s.isBlank()).map(s -> "/s/" + s).orElse("") + "/api/saved_objects/_import?overwrite=true";
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("kbn-xsrf", "authstream")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (apiKey.isPresent()) {
            b.header("Authorization", "ApiKey " + apiKey.get().value());
        } else if (username.isPresent() && password.isPresent()) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (username.get() + ":" + password.get().value()).getBytes(StandardCharsets.UTF_8)));
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        boolean ok = false;
        int count = 0;
        try {
            JsonNode n = MAPPER.readTree(r.body());
            ok = n.path("success").asBoolean(false);
            count = n.path("successCount").asInt(0);
        } catch (IOException e) {
            // not JSON: reported through status and body
        }
        return new ImportResult(r.statusCode(), r.statusCode() == 200 && ok, count, r.body());
    }
}
