package io.authstream.schemas.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RejectedEventTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-11-27T10:15:30.123Z");

    private static JsonSchema schema() throws Exception {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(JSON.readTree(Files.readString(Path.of("json-schema", "rejected-event.schema.json"))));
    }

    static Stream<RejectedEvent> records() {
        byte[] text = "{\"log_id\":\"1\",\"data\":{\"type\":\"s\"}}".getBytes(StandardCharsets.UTF_8);
        byte[] latin1 = "{\"user\":\"zo\u00eb\"}".getBytes(StandardCharsets.ISO_8859_1);
        byte[] big = ("[" + "\"x\",".repeat(100) + "0]").getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                new RejectedEvent("ingest", "invalid-envelope", "data.date is missing", "main", "acme", "1", AT, text, false),
                new RejectedEvent("ingest", "unparseable-body", "event is not valid UTF-8: byte 0xEB at offset 11", "main", null, null, AT, latin1, false),
                RejectedEvent.of("archive", "mapper_parsing_exception", "failed to parse field [source.ip]", null, null, "2", AT, big, 0, big.length, 50),
                new RejectedEvent("analyzer", "invalid-envelope", "event is empty", null, null, null, Instant.EPOCH, new byte[0], false));
    }

    @ParameterizedTest
    @MethodSource("records")
    void writesJsonThatTheSchemaAcceptsAndReadsItBack(RejectedEvent r) throws Exception {
        byte[] json = r.toJson();

        assertThat(schema().validate(JSON.readTree(json))).isEmpty();
        assertThat(RejectedEvent.fromJson(json)).isEqualTo(r).hasSameHashCodeAs(r);
    }

    @Test
    void keepsInvalidUtf8ByteForByteInBase64() throws Exception {
        byte[] latin1 = "{\"user\":\"zo\u00eb\"}".getBytes(StandardCharsets.ISO_8859_1);
        RejectedEvent r = new RejectedEvent("ingest", "unparseable-body", "bad bytes", "main", null, null, AT, latin1, false);

        JsonNode n = JSON.readTree(r.toJson());

        assertThat(n.has("original")).isFalse();
        assertThat(java.util.Base64.getDecoder().decode(n.get("original_base64").asText())).isEqualTo(latin1);
        assertThat(RejectedEvent.fromJson(r.toJson()).original()).isEqualTo(latin1);
    }

    @Test
    void keepsValidTextAsTextAndMarksACutOriginal() throws Exception {
        byte[] event = "{\"log_id\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        byte[] buf = new byte[event.length + 4];
        System.arraycopy(event, 0, buf, 2, event.length);

        RejectedEvent whole = RejectedEvent.of("ingest", "invalid-envelope", "data is missing", "s", "t", "x", AT, buf, 2, event.length, 1000);
        RejectedEvent cut = RejectedEvent.of("ingest", "invalid-envelope", "data is missing", "s", "t", "x", AT, buf, 2, event.length, 5);

        assertThat(JSON.readTree(whole.toJson()).get("original").asText()).isEqualTo("{\"log_id\":\"x\"}");
        assertThat(whole.truncated()).isFalse();
        assertThat(cut.original()).hasSize(5);
        assertThat(cut.truncated()).isTrue();
        assertThat(JSON.readTree(cut.toJson()).get("truncated").asBoolean()).isTrue();
    }

    @Test
    void isImmutable() {
        byte[] bytes = {'a', 'b'};
        RejectedEvent r = new RejectedEvent("ingest", "x", "y", null, null, null, AT, bytes, false);
        bytes[0] = 'z';
        r.original()[1] = 'z';

        assertThat(r.original()).containsExactly('a', 'b');
        assertThat(r.toString()).isEqualTo("RejectedEvent[ingest x: y, log_id=null, 2 bytes]");
    }

    @Test
    void refusesARecordWithoutSourceTypeOrReason() {
        assertThatThrownBy(() -> new RejectedEvent(" ", "x", "y", null, null, null, AT, null, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("source must be a non-blank string, was ' '");
        assertThatThrownBy(() -> new RejectedEvent("ingest", null, "y", null, null, null, AT, null, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("errorType must be a non-blank string, was null");
        assertThatThrownBy(() -> new RejectedEvent("ingest", "x", "", null, null, null, AT, null, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RejectedEvent("ingest", "x", "y", null, null, null, null, null, false))
                .isInstanceOf(NullPointerException.class);
    }

    static Stream<Arguments> brokenJson() {
        return Stream.of(
                broken("source missing", n -> n.remove("source"), "'source' must be a string (it is missing)", "required property 'source'"),
                broken("reason a number", n -> n.put("reason", 5), "'reason' must be a string", "reason: integer found, string expected"),
                broken("rejected_at not a date", n -> n.put("rejected_at", "yesterday"), "'rejected_at' is not an ISO-8601 instant",
                        "rejected_at: does not match the regex pattern"),
                broken("truncated missing", n -> n.remove("truncated"), "'truncated' must be true or false", "required property 'truncated'"),
                broken("original missing", n -> n.remove("original"), "'original' must be a string (it is missing)", "only one schema"),
                broken("both originals", n -> n.put("original_base64", "AA=="), null, "only one schema"),
                broken("bad base64", n -> {
                    n.remove("original");
                    n.put("original_base64", "not base64!");
                }, "Illegal base64 character", "original_base64: does not match the regex pattern"),
                broken("an unknown field", n -> n.put("severity", "high"), null, "severity"),
                broken("an error type with spaces", n -> n.put("error_type", "Bad Thing"), null, "error_type: does not match"));
    }

    private static Arguments broken(String what, Consumer<ObjectNode> change, String readerMessage, String schemaMessage) {
        return Arguments.of(what, change, readerMessage, schemaMessage);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenJson")
    void refusesBrokenRecordsSayingWhichFieldIsWrong(String what, Consumer<ObjectNode> change, String readerMessage, String schemaMessage)
            throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree(records().findFirst().orElseThrow().toJson());
        change.accept(n);
        byte[] json = JSON.writeValueAsBytes(n);

        assertThat(schema().validate(n)).as(what).extracting(Object::toString).anySatisfy(m -> assertThat(m).contains(schemaMessage));
        if (readerMessage != null) {
            assertThatThrownBy(() -> RejectedEvent.fromJson(json)).as(what).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("not a rejected-event record: ").hasMessageContaining(readerMessage);
        }
    }

    @Test
    void refusesSomethingThatIsNotARecordAtAll() {
        assertThatThrownBy(() -> RejectedEvent.fromJson("[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("not a rejected-event record: not a JSON object");
        assertThatThrownBy(() -> RejectedEvent.fromJson("{".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a rejected-event record: ");
    }

    static Stream<Arguments> hostileOriginals() {
        byte[] nuls = new byte[1 << 20];
        byte[] utf16 = ("{\"log_id\":\"9\",\"data\":{\"description\":\"" + "ax\"\\".repeat(120_000) + "\"}}")
                .getBytes(StandardCharsets.UTF_16LE);
        byte[] quotes = "\"\\".repeat(300_000).getBytes(StandardCharsets.UTF_8);
        byte[] invalid = new byte[1 << 20];
        for (int i = 0; i < invalid.length; i++) {
            invalid[i] = (byte) (i % 3 == 0 ? 0xFF : i);
        }
        byte[] emoji = "\uD83D\uDE00\u0001".repeat(200_000).getBytes(StandardCharsets.UTF_8);
        return Stream.of(Arguments.of("1 MiB of NUL", nuls), Arguments.of("a UTF-16 event", utf16),
                Arguments.of("quotes and backslashes", quotes), Arguments.of("invalid UTF-8", invalid),
                Arguments.of("4-byte characters and controls", emoji));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileOriginals")
    void cutsTheOriginalUntilTheSerializedRecordFitsItsBudget(String what, byte[] original) throws Exception {
        int budget = RejectedEvent.maxJsonBytes(200);

        RejectedEvent r = RejectedEvent.fitting("analyzer", "undeserialisable", "x".repeat(10_000), null, null, "9", AT,
                original, 0, original.length, budget);

        byte[] json = r.toJson();
        assertThat(json.length).as(what).isLessThanOrEqualTo(budget).isGreaterThan(budget / 2);
        assertThat(r.truncated()).isTrue();
        assertThat(r.reason()).hasSizeLessThanOrEqualTo(RejectedEvent.MAX_REASON_CHARS + 1);
        assertThat(schema().validate(JSON.readTree(json))).isEmpty();
        byte[] kept = RejectedEvent.fromJson(json).original();
        assertThat(kept).isEqualTo(java.util.Arrays.copyOf(original, kept.length));
    }

    @Test
    void keepsAnOriginalThatFitsWholeAndCutsTextOnlyAtACharacterBoundary() {
        byte[] small = "{\"log_id\":\"1\"}".getBytes(StandardCharsets.UTF_8);
        RejectedEvent whole = RejectedEvent.fitting("archive", "x", "y", null, null, "1", AT, small, 0, small.length, 10_000);
        assertThat(whole.truncated()).isFalse();
        assertThat(whole.original()).isEqualTo(small);

        byte[] accents = "\u00e9".repeat(5000).getBytes(StandardCharsets.UTF_8);
        RejectedEvent cut = RejectedEvent.fitting("archive", "x", "y", null, null, "1", AT, accents, 0, accents.length, 3001);
        assertThat(cut.original().length % 2).isZero();
        assertThat(new String(cut.toJson(), StandardCharsets.UTF_8)).contains("\"original\":\"\u00e9");
    }

    @Test
    void theRecordCapIsUnderTheProducerDefaultAndTheTopicLimit() {
        assertThat(RejectedEvent.MAX_RECORD_BYTES).isLessThan(1 << 20)
                .isLessThan(io.authstream.schemas.topic.Topics.MAX_MESSAGE_BYTES);
    }
}
