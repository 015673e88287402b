package io.authstream.schemas.event;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test data: the realistic events of {@code events/realistic.ndjson} and a builder for small ones. */
public final class Events {
    public static final String DATE = "2024-01-15T10:30:00.000Z";

    private Events() {
    }

    /** One realistic event per line: 2021 stream shape, 2024 pull shape, current shape; 16 codes. */
    public static List<byte[]> realistic() {
        List<byte[]> out = new ArrayList<>();
        try (InputStream in = Events.class.getResourceAsStream("/events/realistic.ndjson");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    out.add(line.getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** {@code {"log_id":"<id>","data":{"type":"<type>","date":"<date>"<extra>}}}. */
    public static String minimal(String id, String type, String date, String extraDataFields) {
        return "{\"log_id\":\"" + id + "\",\"data\":{\"type\":\"" + type + "\",\"date\":\"" + date + "\"" + extraDataFields + "}}";
    }

    public static String minimal(String extraDataFields) {
        return minimal("90020240115103000000000000000000000000000000000000000001", "s", DATE, extraDataFields);
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
