package io.authstream.ingest.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The bodies ingest answers with. Every error has one shape, {@code {"error":"<code>","message":"<text>"}},
 * with a stable machine-readable code; success is {@code {"accepted":N,"duplicates":D,"rejected":R}}.
 */
public final class Responses {
    public static final String JSON = "application/json";

    private Responses() {
    }

    public static byte[] error(String code, String message) {
        return ("{\"error\":\"" + quote(code) + "\",\"message\":\"" + quote(message) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] accepted(int accepted, int duplicates, int rejected) {
        return ("{\"accepted\":" + accepted + ",\"duplicates\":" + duplicates + ",\"rejected\":" + rejected + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static String quote(String s) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(s));
    }
}
