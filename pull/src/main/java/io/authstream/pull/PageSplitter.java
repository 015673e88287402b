package io.authstream.pull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a logs page (a JSON array) into the exact bytes of each element, never re-serialising
 * them: numbers such as {@code 1.743012420759E12} in {@code details} stay as Auth0 wrote them.
 */
final class PageSplitter {
    private static final JsonFactory FACTORY = JsonFactory.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

    private PageSplitter() {
    }

    static List<byte[]> split(byte[] body) {
        List<byte[]> out = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new PullException("GET /api/v2/logs answered with something other than a JSON array", false);
            }
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new PullException("GET /api/v2/logs answered with an unterminated array", false);
                }
                int from = (int) p.currentTokenLocation().getByteOffset();
                p.skipChildren();
                p.finishToken();
                int to = (int) p.currentLocation().getByteOffset();
                out.add(Arrays.copyOfRange(body, from, to));
            }
        } catch (IOException e) {
            throw new PullException("GET /api/v2/logs answered with JSON that does not parse: " + e.getMessage(), false, e);
        }
        return out;
    }
}
