package io.authstream.ingest.body;

import static io.authstream.ingest.TestEvents.array;
import static io.authstream.ingest.TestEvents.event;
import static io.authstream.ingest.TestEvents.lines;
import static io.authstream.ingest.TestEvents.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The strict UTF-8 rule of the contract (no UTF-16/32, overlong forms, surrogates, bytes F5-FF or NUL) at ingest. */
class BatchParserEncodingTest {
    private static final String BAD = "{\"log_id\":\"bad\",\"data\":{\"type\":\"s\",\"date\":\"2026-01-01T00:00:00Z\",\"x\":\"@@\"}}";
    private final BatchParser parser = new BatchParser(64 * 1024, 1000, 32 << 20);

    /** {@link #BAD} with its {@code @@} replaced by these bytes. */
    static byte[] badEvent(int... bytes) {
        String[] parts = BAD.split("@@");
        byte[] mid = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            mid[i] = (byte) bytes[i];
        }
        return concat(utf8(parts[0]), mid, utf8(parts[1]));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private ParsedBatch parse(byte[] b) {
        ParsedBatch batch = parser.parse(b, b.length);
        if (batch instanceof ParsedBatch.Events ev) {
            for (ParsedEvent e : ev.events()) {
                assertThat(e.offset()).as("offset").isBetween(0, b.length);
                assertThat(e.length()).as("length").isBetween(0, b.length - e.offset());
            }
        }
        return batch;
    }

    @Test
    void refusesAJsonArrayInUtf16Or32AsAWholeInsteadOfLosingTheByteOffsets() {
        String body = array(List.of(event("u16-a"), event("u16-b")));
        for (Charset cs : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16,
                Charset.forName("UTF-32LE"), Charset.forName("UTF-32BE"))) {
            ParsedBatch b = parse(body.getBytes(cs));
            assertThat(b).as(cs.name()).isInstanceOf(ParsedBatch.Unparseable.class);
            assertThat(((ParsedBatch.Unparseable) b).reason()).as(cs.name()).contains("UTF-8");
        }
    }

    @Test
    void neverAcceptsASingleObjectOrJsonLinesInUtf16() {
        for (String body : List.of(event("one"), lines(List.of(event("l1"), event("l2"))), "  " + event("spaced"))) {
            for (Charset cs : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
                ParsedBatch b = parse(body.getBytes(cs));
                if (b instanceof ParsedBatch.Events ev) {
                    assertThat(ev.events()).as(cs.name()).noneMatch(ParsedEvent::isValid);
                }
            }
        }
    }

    /** Sequences Jackson's own decoder lets through: only the strict check stops them. */
    @Test
    void rejectsOverlongSurrogateAndOutOfRangeBytesEventByEventInEveryLayout() {
        int[][] sequences = {{0xC0, 0xAF}, {0xC1, 0xBF}, {0xE0, 0x80, 0xAF}, {0xED, 0xA0, 0x80}, {0xED, 0xBF, 0xBF},
            {0xF0, 0x80, 0x80, 0xAF}, {0xF4, 0x90, 0x80, 0x80}, {0xF5, 0x80, 0x80, 0x80}, {0xF7, 0xBF, 0xBF, 0xBF}};
        for (int[] s : sequences) {
            byte[] bad = badEvent(s);
            String label = java.util.Arrays.toString(s);
            byte[] good = utf8(event("good"));
            for (byte[] body : List.of(concat(good, utf8("\n"), bad, utf8("\n")),
                    concat(utf8("["), good, utf8(","), bad, utf8("]")))) {
                ParsedBatch b = parse(body);
                List<ParsedEvent> ev = ((ParsedBatch.Events) b).events();
                assertThat(ev).as(label).extracting(ParsedEvent::isValid).containsExactly(true, false);
                assertThat(ev.get(0).logId()).isEqualTo("good");
            }
            ParsedBatch single = parse(bad);
            if (single instanceof ParsedBatch.Events ev) {
                assertThat(ev.events()).as(label).noneMatch(ParsedEvent::isValid);
            }
        }
    }

    @Test
    void refusesAnArrayWhoseBytesJacksonCannotDecodeAsAWhole() {
        for (int[] s : new int[][] {{0xF8, 0x88, 0x80, 0x80, 0x80}, {0xFF}, {0x80}, {0xC3, 0x28}}) {
            byte[] body = concat(utf8("[" + event("ok") + ","), badEvent(s), utf8("]"));
            assertThat(parse(body)).as(java.util.Arrays.toString(s)).isInstanceOf(ParsedBatch.Unparseable.class);
            byte[] jsonLines = concat(utf8(event("ok") + "\n"), badEvent(s));
            assertThat(((ParsedBatch.Events) parse(jsonLines)).events()).extracting(ParsedEvent::isValid).containsExactly(true, false);
        }
    }

    @Test
    void namesTheEncodingInTheReasonOfAnEventThatJacksonWouldAccept() {
        byte[] body = concat(utf8("[" + event("ok") + ","), badEvent(0xC0, 0xAF), utf8("]"));
        ParsedEvent bad = ((ParsedBatch.Events) parse(body)).events().get(1);
        assertThat(bad.errorType()).isEqualTo(ParsedEvent.INVALID_ENVELOPE);
        assertThat(bad.reason()).contains("not valid UTF-8").contains("0xC0");
    }

    @Test
    void keepsTheByteOrderMarkAndMultiByteCharactersValid() {
        byte[] body = utf8("\uFEFF[" + event("bom") + ",{\"log_id\":\"u\",\"data\":{\"type\":\"s\",\"date\":\"2026-01-01T00:00:00Z\",\"x\":\"\u00e9\u20ac\ud83d\ude00\"}}]");
        assertThat(((ParsedBatch.Events) parse(body)).events()).allMatch(ParsedEvent::isValid).hasSize(2);
    }
}
