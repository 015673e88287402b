package io.authstream.ingest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.ingest.body.BatchParser;
import io.authstream.ingest.body.ParsedBatch;
import io.authstream.ingest.body.ParsedEvent;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.Test;

/** The benchmark's events must be valid, unique and about as compressible as real logs, or the figures mean nothing. */
class Auth0EventsTest {
    private final Auth0Events events = new Auth0Events();
    private final BatchParser parser = new BatchParser(512 << 10, 50_000, 32 << 20);

    @Test
    void makesValidUniqueEventsOfAboutOneKilobyteInBothLayouts() {
        assertThat(events.averageSize()).isBetween(900.0, 1400.0);
        for (boolean array : List.of(true, false)) {
            byte[] body = events.body(1_000, 500, array);
            ParsedBatch.Events parsed = (ParsedBatch.Events) parser.parse(body, body.length);
            assertThat(parsed.events()).hasSize(500).allMatch(ParsedEvent::isValid);
            Set<String> ids = new HashSet<>();
            parsed.events().forEach(e -> ids.add(e.logId()));
            assertThat(ids).hasSize(500);
        }
    }

    @Test
    void compressesLikeVariedLogsRatherThanOneRepeatedTemplate() {
        byte[] body = events.body(0, 60, false);
        byte[] out = new byte[body.length * 2];
        int compressed = LZ4Factory.fastestJavaInstance().fastCompressor().compress(body, 0, body.length, out, 0, out.length);
        double ratio = (double) body.length / compressed;
        assertThat(ratio).as("lz4 ratio of a 60-event batch").isBetween(2.0, 6.0);
    }
}
