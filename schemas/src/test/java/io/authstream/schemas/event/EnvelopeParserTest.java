package io.authstream.schemas.event;

import static io.authstream.schemas.event.Events.DATE;
import static io.authstream.schemas.event.Events.minimal;
import static io.authstream.schemas.event.Events.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EnvelopeParserTest {
    private static final String ID = "90020240115103000000000000000000000000000000000000000001";
    private final EnvelopeParser parser = new EnvelopeParser();

    // ---- accepted --------------------------------------------------------------------------

    static Stream<byte[]> realisticEvents() {
        return Events.realistic().stream();
    }

    @ParameterizedTest
    @MethodSource("realisticEvents")
    void acceptsEveryRealisticEventAndAgreesWithTheFullParse(byte[] event) {
        EnvelopeResult r = parser.validate(event);

        assertThat(r).isInstanceOf(EnvelopeResult.Valid.class);
        Envelope env = ((EnvelopeResult.Valid) r).envelope();
        Auth0Event full = Auth0Event.parse(event);
        assertThat(full.envelope()).isEqualTo(env);
        assertThat(env.logId()).isEqualTo(full.data().path("log_id").asText());
        assertThat(env.type()).isEqualTo(full.data().path("type").asText());
    }

    static Stream<Arguments> realWorldVariants() {
        return Stream.of(
                Arguments.of("no tenant_name, no environment_name (2021 stream events)", minimal(",\"ip\":\"203.0.113.1\"")),
                Arguments.of("scope as a space-separated string", minimal(",\"scope\":\"read:logs read:logs_users\"")),
                Arguments.of("scope as an array", minimal(",\"scope\":[\"openid\",\"profile\"]")),
                Arguments.of("isMobile (Management API spelling)", minimal(",\"isMobile\":false")),
                Arguments.of("is_mobile (log stream spelling)", minimal(",\"is_mobile\":true")),
                Arguments.of("unknown fields in data", minimal(",\"brand_new_field\":{\"x\":[1,2,{\"y\":null}]},\"$event_schema\":{\"version\":\"1.0.0\"}")),
                Arguments.of("unknown fields next to data",
                        "{\"log_id\":\"" + ID + "\",\"stream_meta\":[1,true,null],\"data\":{\"type\":\"s\",\"date\":\"" + DATE + "\"},\"z\":{}}"),
                Arguments.of("data before log_id", "{\"data\":{\"date\":\"" + DATE + "\",\"type\":\"s\"},\"log_id\":\"" + ID + "\"}"),
                Arguments.of("data.log_id equal to log_id", minimal(",\"log_id\":\"" + ID + "\"")),
                Arguments.of("data.log_id null", minimal(",\"log_id\":null")),
                Arguments.of("optional fields null or empty", minimal(",\"description\":\"\",\"client_id\":null,\"user_id\":\"\",\"details\":null")),
                Arguments.of("whitespace and newlines around and inside", "\n\t " + minimal("").replace(",", " ,\n ") + " \r\n"),
                Arguments.of("a UTF-8 byte order mark", "\uFEFF" + minimal("")),
                Arguments.of("non-ASCII text, escaped and raw", minimal(",\"user_name\":\"zo\u00eb \\u00fc \ud83d\ude00\"")),
                Arguments.of("an unknown code", minimal(ID, "brand_new_code_2027", DATE, "")),
                Arguments.of("numbers of every shape", minimal(",\"details\":{\"a\":-0,\"b\":1.5e300,\"c\":12345678901234567890123,\"d\":-1E-7}")),
                Arguments.of("deep but within the limit", minimal(",\"details\":" + "[".repeat(29) + "]".repeat(29))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("realWorldVariants")
    void acceptsRealWorldVariants(String variant, String json) {
        EnvelopeResult r = parser.validate(utf8(json));

        assertThat(r).as(variant).isEqualTo(new EnvelopeResult.Valid(new Envelope(
                json.contains("brand_new_code_2027") ? "90020240115103000000000000000000000000000000000000000001" : ID,
                json.contains("brand_new_code_2027") ? "brand_new_code_2027" : "s", Instant.parse("2024-01-15T10:30:00Z"))));
        assertThat(Auth0Event.parse(utf8(json)).envelope()).isEqualTo(((EnvelopeResult.Valid) r).envelope());
    }

    static Stream<Arguments> dates() {
        return Stream.of(
                Arguments.of("2024-01-15T10:30:00.000Z", "2024-01-15T10:30:00Z"),
                Arguments.of("2024-01-15T12:30:00.000+02:00", "2024-01-15T10:30:00Z"),
                Arguments.of("2024-01-15T05:00:00-05:30", "2024-01-15T10:30:00Z"),
                Arguments.of("2024-01-15T10:30:00-00:00", "2024-01-15T10:30:00Z"),
                Arguments.of("2024-01-16T04:30:00+18:00", "2024-01-15T10:30:00Z"),
                Arguments.of("2024-01-15t10:30:00z", "2024-01-15T10:30:00Z"),
                Arguments.of("2024-01-15T10:30Z", "2024-01-15T10:30:00Z"),
                Arguments.of("2024-01-15T10:30:00Z", "2024-01-15T10:30:00Z"),
                Arguments.of("2024-01-15T10:30:00.1Z", "2024-01-15T10:30:00.100Z"),
                Arguments.of("2024-01-15T10:30:00.123456789Z", "2024-01-15T10:30:00.123456789Z"),
                Arguments.of("2024-02-29T23:59:59.999Z", "2024-02-29T23:59:59.999Z"),
                Arguments.of("2000-02-29T00:00:00Z", "2000-02-29T00:00:00Z"),
                Arguments.of("1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"),
                Arguments.of("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"),
                Arguments.of("9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dates")
    void readsDatesWithAnyOffsetAsTheSameInstant(String date, String instant) {
        EnvelopeResult r = parser.validate(utf8(minimal(ID, "s", date, "")));

        assertThat(r).isInstanceOfSatisfying(EnvelopeResult.Valid.class,
                v -> assertThat(v.envelope().date()).isEqualTo(Instant.parse(instant)));
    }

    // ---- rejected, each with its precise reason --------------------------------------------

    static Stream<Arguments> invalidEvents() {
        String big = "x".repeat(300 * 1024);
        String bytes513 = "9".repeat(513);
        List<Arguments> cases = new ArrayList<>(List.of(
                bad("log_id missing", "{\"data\":{\"type\":\"s\",\"date\":\"" + DATE + "\"}}", "log_id is missing"),
                bad("log_id empty", minimal("", "s", DATE, ""), "log_id is empty"),
                bad("log_id blank", minimal("  ", "s", DATE, ""), "log_id is blank"),
                bad("log_id of Unicode spaces only", minimal("\u2003\u3000", "s", DATE, ""), "log_id is blank"),
                bad("log_id a number", "{\"log_id\":900,\"data\":{\"type\":\"s\",\"date\":\"" + DATE + "\"}}", "log_id must be a string, was a number"),
                bad("log_id null", "{\"log_id\":null,\"data\":{\"type\":\"s\",\"date\":\"" + DATE + "\"}}", "log_id must be a string, was null"),
                bad("log_id an object", "{\"log_id\":{\"id\":\"1\"},\"data\":{\"type\":\"s\",\"date\":\"" + DATE + "\"}}", "log_id must be a string, was an object"),
                bad("log_id of 513 bytes", minimal(bytes513, "s", DATE, ""), "log_id is longer than 512 bytes (513)"),
                bad("log_id of 200 characters but 600 bytes", minimal("\u20ac".repeat(200), "s", DATE, ""), "log_id is longer than 512 bytes (600)"),
                bad("log_id with an unpaired surrogate", minimal("abc\\ud800", "s", DATE, ""),
                        "log_id contains an unpaired surrogate escape, so it has no UTF-8 form"),
                bad("data missing", "{\"log_id\":\"" + ID + "\"}", "data is missing"),
                bad("data a string", "{\"log_id\":\"" + ID + "\",\"data\":\"{}\"}", "data must be a JSON object, was a string"),
                bad("data an array", "{\"log_id\":\"" + ID + "\",\"data\":[{\"type\":\"s\"}]}", "data must be a JSON object, was an array"),
                bad("data null", "{\"log_id\":\"" + ID + "\",\"data\":null}", "data must be a JSON object, was null"),
                bad("type missing", "{\"log_id\":\"" + ID + "\",\"data\":{\"date\":\"" + DATE + "\"}}", "data.type is missing"),
                bad("type empty", minimal(ID, "", DATE, ""), "data.type is empty"),
                bad("type blank", minimal(ID, " ", DATE, ""), "data.type is blank"),
                bad("type a number", "{\"log_id\":\"" + ID + "\",\"data\":{\"type\":5,\"date\":\"" + DATE + "\"}}", "data.type must be a string, was a number"),
                bad("type an array", "{\"log_id\":\"" + ID + "\",\"data\":{\"type\":[\"s\"],\"date\":\"" + DATE + "\"}}", "data.type must be a string, was an array"),
                bad("type of 129 characters", minimal(ID, "t".repeat(129), DATE, ""), "data.type is longer than 128 characters (129)"),
                bad("date missing", "{\"log_id\":\"" + ID + "\",\"data\":{\"type\":\"s\"}}", "data.date is missing"),
                bad("date as epoch milliseconds", "{\"log_id\":\"" + ID + "\",\"data\":{\"type\":\"s\",\"date\":1705314600000}}",
                        "data.date must be an ISO-8601 string, was a number"),
                bad("date null", "{\"log_id\":\"" + ID + "\",\"data\":{\"type\":\"s\",\"date\":null}}", "data.date must be an ISO-8601 string, was null"),
                bad("date not a date at all", minimal(ID, "s", "yesterday", ""), "data.date is not ISO-8601: 'yesterday'"),
                bad("date with month 13", minimal(ID, "s", "2024-13-01", ""), "data.date is not ISO-8601: '2024-13-01'"),
                bad("date with month 13 and a time", minimal(ID, "s", "2024-13-01T00:00:00Z", ""), "data.date is not ISO-8601: '2024-13-01T00:00:00Z'"),
                bad("date of February 30", minimal(ID, "s", "2024-02-30T00:00:00Z", ""), "data.date is not ISO-8601: '2024-02-30T00:00:00Z'"),
                bad("date of February 29 in a common year", minimal(ID, "s", "2023-02-29T00:00:00Z", ""), "data.date is not ISO-8601: '2023-02-29T00:00:00Z'"),
                bad("date with hour 24", minimal(ID, "s", "2024-01-15T24:00:00Z", ""), "data.date is not ISO-8601: '2024-01-15T24:00:00Z'"),
                bad("date with a leap second", minimal(ID, "s", "2016-12-31T23:59:60Z", ""), "data.date is not ISO-8601: '2016-12-31T23:59:60Z'"),
                bad("date without a time zone", minimal(ID, "s", "2024-01-15T10:30:00.000", ""),
                        "data.date has no time zone (add Z or an offset such as +02:00): '2024-01-15T10:30:00.000'"),
                bad("date only", minimal(ID, "s", "2024-01-15", ""), "data.date is not ISO-8601: '2024-01-15'"),
                bad("date with a space for T", minimal(ID, "s", "2024-01-15 10:30:00Z", ""), "data.date is not ISO-8601: '2024-01-15 10:30:00Z'"),
                bad("date with offset +0200", minimal(ID, "s", "2024-01-15T10:30:00+0200", ""), "data.date is not ISO-8601: '2024-01-15T10:30:00+0200'"),
                bad("date with offset beyond 18 hours", minimal(ID, "s", "2024-01-15T10:30:00+18:01", ""), "data.date is not ISO-8601: '2024-01-15T10:30:00+18:01'"),
                bad("date with ten fraction digits", minimal(ID, "s", "2024-01-15T10:30:00.1234567891Z", ""),
                        "data.date is not ISO-8601: '2024-01-15T10:30:00.1234567891Z'"),
                bad("date with a five-digit year", minimal(ID, "s", "+12024-01-15T10:30:00Z", ""), "data.date is not ISO-8601: '+12024-01-15T10:30:00Z'"),
                bad("date in RFC 1123 form", minimal(ID, "s", "Mon, 15 Jan 2024 10:30:00 GMT", ""), "data.date is not ISO-8601: 'Mon, 15 Jan 2024 10:30:00 GMT'"),
                bad("data.log_id differs from log_id", minimal("a1", "s", DATE, ",\"log_id\":\"b2\""), "data.log_id 'b2' differs from log_id 'a1'"),
                bad("data.log_id a number", minimal("a1", "s", DATE, ",\"log_id\":1"), "data.log_id must be a string, was a number"),
                bad("an array of events", "[" + minimal("") + "]", "event must be a JSON object, was an array"),
                bad("a string", "\"hello\"", "event must be a JSON object, was a string"),
                bad("a number", "42", "event must be a JSON object, was a number"),
                bad("null", "null", "event must be a JSON object, was null"),
                bad("nothing", "", "event is empty"),
                bad("only whitespace", " \n\t ", "event is empty"),
                bad("a second event after the first", minimal("") + "\n" + minimal(""), "unexpected content after the event object"),
                bad("too deep", minimal(",\"details\":" + "[".repeat(31) + "]".repeat(31)), "event is nested deeper than 32 levels"),
                bad("a string too long in details", minimal(",\"details\":{\"blob\":\"" + big + "\"}"), "event has a string longer than 262144 characters"),
                bad("a string too long at the top level", "{\"log_id\":\"" + ID + "\",\"junk\":\"" + big + "\",\"data\":{\"type\":\"s\",\"date\":\"" + DATE + "\"}}",
                        "event has a string longer than 262144 characters"),
                bad("a number too long", minimal(",\"n\":" + "9".repeat(1001)), "event has a number longer than 1000 characters"),
                bad("a field name too long", minimal(",\"" + "k".repeat(50_001) + "\":1"), "event has a field name longer than 50000 characters")));
        byte[] tooBig = utf8(minimal(",\"details\":[" + ("\"" + "x".repeat(1000) + "\",").repeat(1100) + "0]"));
        cases.add(Arguments.of("larger than 1 MiB", tooBig, "event is larger than 1048576 bytes (" + tooBig.length + ")"));
        return cases.stream();
    }

    static Stream<Arguments> malformedEvents() {
        byte[] latin1 = minimal(",\"user_name\":\"zo\u00eb\"").getBytes(StandardCharsets.ISO_8859_1);
        int latin1At = new String(latin1, StandardCharsets.ISO_8859_1).indexOf('\u00eb');
        byte[] overlong = utf8(minimal(",\"path\":\"a__b\""));
        int overlongAt = new String(overlong, StandardCharsets.ISO_8859_1).indexOf("__");
        overlong[overlongAt] = (byte) 0xC0;
        overlong[overlongAt + 1] = (byte) 0xAF;
        byte[] surrogate = utf8(minimal(",\"x\":\"a___b\""));
        int surrogateAt = new String(surrogate, StandardCharsets.ISO_8859_1).indexOf("___");
        surrogate[surrogateAt] = (byte) 0xED;
        surrogate[surrogateAt + 1] = (byte) 0xA0;
        surrogate[surrogateAt + 2] = (byte) 0x80;
        byte[] cut = utf8(minimal(",\"x\":\"\u20ac\""));
        return Stream.of(
                Arguments.of("ISO-8859-1 text (invalid UTF-8)", latin1, "event is not valid UTF-8: byte 0xEB at offset " + latin1At),
                Arguments.of("an overlong UTF-8 form", overlong, "event is not valid UTF-8: byte 0xC0 at offset " + overlongAt),
                Arguments.of("a UTF-8-encoded surrogate", surrogate, "event is not valid UTF-8: byte 0xED at offset " + surrogateAt),
                Arguments.of("UTF-16LE text", minimal("").getBytes(StandardCharsets.UTF_16LE),
                        "event contains a NUL byte at offset 1 (only UTF-8 JSON is accepted)"),
                Arguments.of("UTF-16 text with a byte order mark", minimal("").getBytes(StandardCharsets.UTF_16),
                        "event is not valid UTF-8: byte 0xFE at offset 0"),
                Arguments.of("a multi-byte character cut short at the end", java.util.Arrays.copyOf(cut, cut.length - 4),
                        "event is not valid UTF-8: byte 0xE2 at offset " + (cut.length - 6)));
    }

    static Stream<Arguments> syntaxErrors() {
        String ok = minimal("");
        return Stream.of(
                bad("truncated JSON", ok.substring(0, ok.length() - 10), "Unexpected end-of-input"),
                bad("garbage after the event", ok + "garbage", "Unrecognized token 'garbage'"),
                bad("a closing brace too many", ok + "}", "Unexpected close marker '}'"),
                bad("a duplicate log_id", "{\"log_id\":\"a\",\"log_id\":\"b\",\"data\":{\"type\":\"s\",\"date\":\"" + DATE + "\"}}",
                        "Duplicate field 'log_id'"),
                bad("a duplicate data.type", minimal(",\"type\":\"f\""), "Duplicate field 'type'"),
                bad("a duplicate key deep in details", minimal(",\"details\":{\"a\":{\"b\":1,\"b\":2}}"), "Duplicate field 'b'"),
                bad("single quotes", "{'log_id':'1'}", "Unexpected character ('''"),
                bad("a comment", "/* c */" + ok, "Unexpected character ('/'"),
                bad("NaN", minimal(",\"n\":NaN"), "Non-standard token 'NaN'"),
                bad("a raw control character in a string", minimal(",\"x\":\"a\u0001b\""), "Illegal unquoted character"),
                bad("a trailing comma", minimal(",\"x\":1,"), "Unexpected character ('}'"));
    }

    private static Arguments bad(String what, String json, String reason) {
        return Arguments.of(what, utf8(json), reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"invalidEvents", "malformedEvents"})
    void rejectsEachInvalidEventWithItsPreciseReason(String what, byte[] event, String reason) {
        assertThat(parser.validate(event)).as(what).isEqualTo(new EnvelopeResult.Invalid(reason));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("syntaxErrors")
    void rejectsSyntaxErrorsWithJacksonsWordsButNoStackTrace(String what, byte[] event, String fragment) {
        EnvelopeResult r = parser.validate(event);

        assertThat(r).as(what).isInstanceOfSatisfying(EnvelopeResult.Invalid.class, inv -> {
            assertThat(inv.reason()).startsWith("event is not valid JSON: ").contains(fragment).containsPattern("\\(at offset \\d+\\)$")
                    .doesNotContain("\n").doesNotContain("at com.fasterxml").doesNotContain("Source:");
            assertThat(inv.reason().length()).isLessThan(160);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"invalidEvents", "malformedEvents", "syntaxErrors"})
    void theFullParseRejectsExactlyTheSameWayAsTheFastPath(String what, byte[] event, String ignored) {
        String reason = ((EnvelopeResult.Invalid) parser.validate(event)).reason();

        assertThatThrownBy(() -> Auth0Event.parse(event)).as(what)
                .isInstanceOf(InvalidEventException.class).hasMessage(reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidEvents")
    void readsAStreamedEventExactlyAsItValidatesTheSameBytes(String what, byte[] event, String reason) throws IOException {
        if (reason.equals("event is empty") || reason.startsWith("unexpected content") || reason.startsWith("event is larger")) {
            return; // properties of a whole buffer, which a parser positioned on one value does not have
        }
        EnvelopeResult streamed;
        try (JsonParser p = parser.factory().createParser(event)) {
            p.nextToken();
            streamed = parser.read(p);
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            streamed = new EnvelopeResult.Invalid(parser.limitProblem(e));
        }

        assertThat(streamed).as(what).isEqualTo(parser.validate(event));
    }

    @Test
    void rejectsAuth0sLegacySlackGuideExampleThatHasNoTopLevelLogId() {
        // Reference section 1.2: the guide's test body is [{"data": {"type": "f", ..., "log_id": "abc1234567890"}}].
        // Real stream records carry log_id at the top level too; identity is never guessed from data.
        String body = "{\"data\": {\"type\": \"f\", \"date\": \"" + DATE + "\", \"log_id\": \"abc1234567890\"}}";

        assertThat(parser.validate(utf8(body))).isEqualTo(new EnvelopeResult.Invalid("log_id is missing"));
    }

    @Test
    void coversAtLeastTwentyDistinctInvalidCases() {
        long reasons = Stream.of(invalidEvents(), malformedEvents(), syntaxErrors()).flatMap(s -> s)
                .map(a -> ((EnvelopeResult.Invalid) parser.validate((byte[]) a.get()[1])).reason()).distinct().count();

        assertThat(reasons).isGreaterThanOrEqualTo(20);
    }

    @Test
    void validatesOnlyTheGivenSliceOfABuffer() {
        byte[] event = utf8(minimal(""));
        byte[] buf = new byte[event.length + 20];
        java.util.Arrays.fill(buf, (byte) 'x');
        System.arraycopy(event, 0, buf, 10, event.length);

        assertThat(parser.validate(buf, 10, event.length).isValid()).isTrue();
        assertThat(Auth0Event.parse(new EnvelopeParser(), buf, 10, event.length).raw()).isEqualTo(event);
        assertThat(parser.validate(buf, 10, event.length + 1)).isInstanceOf(EnvelopeResult.Invalid.class);
    }

    @Test
    void enforcesCustomLimits() {
        EnvelopeParser small = new EnvelopeParser(new EnvelopeLimits(300, 4, 30));

        assertThat(small.validate(utf8(minimal("x", "s", DATE, ",\"d\":{\"a\":[1]}"))).isValid()).isTrue();
        assertThat(small.validate(utf8(minimal("x", "s", DATE, ",\"d\":{\"a\":[[1]]}"))))
                .isEqualTo(new EnvelopeResult.Invalid("event is nested deeper than 4 levels"));
        assertThat(small.validate(utf8(minimal("x", "s", DATE, ",\"u\":\"" + "y".repeat(31) + "\""))))
                .isEqualTo(new EnvelopeResult.Invalid("event has a string longer than 30 characters"));
        byte[] big = utf8(minimal("x", "s", DATE, ",\"d\":\"" + "z".repeat(25) + "\",\"e\":[" + "1,".repeat(150) + "1]"));
        assertThat(small.validate(big)).isEqualTo(new EnvelopeResult.Invalid("event is larger than 300 bytes (" + big.length + ")"));
    }

    @Test
    void rejectsLimitsThatCannotHoldAnEvent() {
        assertThatThrownBy(() -> new EnvelopeLimits(0, 32, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EnvelopeLimits(100, 2, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- streaming a body --------------------------------------------------------------------

    @Test
    void readsEventsOneByOneFromAStreamedArrayAndGoesOnAfterAnInvalidOne() throws IOException {
        String body = "[" + minimal("a", "s", DATE, "") + ", [1,2], " + minimal("b", "", DATE, "") + ", \"x\", "
                + minimal("c", "f", DATE, ",\"details\":{\"k\":[{}]}") + "]";
        List<EnvelopeResult> results = new ArrayList<>();

        try (JsonParser p = parser.factory().createParser(utf8(body))) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_ARRAY);
            while (p.nextToken() != JsonToken.END_ARRAY) {
                results.add(parser.read(p));
            }
        }

        assertThat(results).extracting(r -> r instanceof EnvelopeResult.Valid v ? v.envelope().logId() : ((EnvelopeResult.Invalid) r).reason())
                .containsExactly("a", "event must be a JSON object, was an array", "data.type is empty",
                        "event must be a JSON object, was a string", "c");
    }

    @Test
    void boundsEachStreamedEventButNotTheWholeBody() throws IOException {
        EnvelopeParser small = new EnvelopeParser(new EnvelopeLimits(200, 8, 150));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < 20; i++) {
            body.writeBytes(utf8(minimal("id-" + i, "s", DATE, "") + "\n"));
        }
        String big = minimal("big", "s", DATE, ",\"d\":\"" + "z".repeat(140) + "\"");
        body.writeBytes(utf8(big + "\n" + minimal("after", "s", DATE, "")));
        List<String> seen = new ArrayList<>();

        try (JsonParser p = small.factory().createParser(body.toByteArray())) {
            while (p.nextToken() != null) {
                EnvelopeResult r = small.read(p);
                seen.add(r instanceof EnvelopeResult.Valid v ? v.envelope().logId() : ((EnvelopeResult.Invalid) r).reason());
            }
        }

        assertThat(body.size()).isGreaterThan(200 * 5);
        assertThat(seen).hasSize(22).startsWith("id-0", "id-1").endsWith(
                "event is larger than 200 bytes (" + utf8(big).length + ")", "after");
    }

    @Test
    void measuresSkippedStringsWhenStreaming() throws IOException {
        EnvelopeParser small = new EnvelopeParser(new EnvelopeLimits(10_000, 8, 50));
        byte[] body = utf8(minimal("x", "s", DATE, ",\"d\":[\"" + "z".repeat(51) + "\"]"));

        try (JsonParser p = small.factory().createParser(body)) {
            p.nextToken();
            assertThatThrownBy(() -> small.read(p)).isInstanceOfSatisfying(
                    com.fasterxml.jackson.core.exc.StreamConstraintsException.class,
                    e -> assertThat(small.limitProblem(e)).isEqualTo("event has a string longer than 50 characters"));
        }
    }

    @Test
    void checksTheEncodingOfAWholeBodyCheaply() {
        byte[] ascii = utf8(minimal("").repeat(100));
        byte[] mixed = utf8("\u00e9\u20ac\ud83d\ude00 plain ascii tail after multibyte characters");

        assertThat(EnvelopeParser.encodingProblem(ascii, 0, ascii.length)).isNull();
        assertThat(EnvelopeParser.encodingProblem(mixed, 0, mixed.length)).isNull();
        ascii[777] = (byte) 0x80;
        assertThat(EnvelopeParser.encodingProblem(ascii, 0, ascii.length)).isEqualTo("event is not valid UTF-8: byte 0x80 at offset 777");
        assertThat(EnvelopeParser.encodingProblem(ascii, 700, 100)).isEqualTo("event is not valid UTF-8: byte 0x80 at offset 77");
    }
}
