package io.authstream.ingest.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.ingest.body.BatchParser;
import io.authstream.ingest.body.ParsedBatch;
import io.authstream.ingest.body.ParsedEvent;
import io.authstream.schemas.event.EnvelopeParser;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;

/**
 * Hostile bodies against the batch parser. Tries: {@code jqwik.tries.default} in
 * {@code junit-platform.properties} (300 in the suite); a long run outside it:
 * {@code -Djqwik.tries.default=100000} (see docs/ingest.md).
 */
class BatchParserPropertyTest {
    private static final EnvelopeParser STRICT = new EnvelopeParser();
    private final BatchParser parser = new BatchParser(512 << 10, 50_000, 32 << 20);

    @Provide
    Arbitrary<HostileBodies.Body> hostile() {
        return HostileBodies.bodies();
    }

    @Property
    void neverThrowsAndOnlyCallsValidWhatTheStrictContractAccepts(@ForAll("hostile") HostileBodies.Body body) {
        byte[] b = body.bytes();
        ParsedBatch batch = parser.parse(b, b.length);
        if (batch instanceof ParsedBatch.Events ev) {
            for (ParsedEvent e : ev.events()) {
                assertThat(e.offset()).isBetween(0, b.length);
                assertThat(e.length()).isBetween(0, b.length - e.offset());
                if (e.isValid()) {
                    byte[] slice = Arrays.copyOfRange(b, e.offset(), e.offset() + e.length());
                    assertThat(STRICT.validate(slice, 0, slice.length).isValid())
                            .as("a slice ingest calls valid passes EnvelopeParser.validate").isTrue();
                } else {
                    assertThat(e.errorType()).isIn(ParsedEvent.INVALID_ENVELOPE, ParsedEvent.INVALID_JSON, ParsedEvent.EVENT_TOO_LARGE);
                    assertThat(e.reason()).isNotBlank();
                }
            }
        }
    }

    @Property
    void findsEveryValidEventOfAMixedBatch(@ForAll("hostile") HostileBodies.Body body) {
        if (!body.validEventsMustSurvive() || body.validIds().isEmpty()) {
            return;
        }
        ParsedBatch batch = parser.parse(body.bytes(), body.bytes().length);
        assertThat(batch).as(body.toString()).isInstanceOf(ParsedBatch.Events.class);
        List<String> found = ((ParsedBatch.Events) batch).events().stream().filter(ParsedEvent::isValid).map(ParsedEvent::logId).toList();
        assertThat(found).as(body.toString()).containsAll(body.validIds());
    }
}
