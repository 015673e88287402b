package io.authstream.schemas.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code json-schema/auth0-event.schema.json} says what the parser accepts, as far as JSON Schema can. */
class EventSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final JsonSchema SCHEMA = load("auth0-event.schema.json");

    static JsonSchema load(String file) {
        try {
            return FACTORY.getSchema(JSON.readTree(Files.readString(Path.of("json-schema", file))));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Reasons the parser gives for rules JSON Schema cannot express (bytes, limits, equality of
     * two fields, UTF-8 length, calendar validity); the schema's description lists them.
     */
    private static final List<String> BEYOND_JSON_SCHEMA = List.of("differs from log_id", "event is larger than", "nested deeper",
            "has a string longer", "has a number longer", "has a field name longer", "unpaired surrogate", "bytes (600)",
            "'2024-02-30T00:00:00Z'", "'2023-02-29T00:00:00Z'", "not valid UTF-8", "NUL byte", "not valid JSON", "unexpected content after");

    @ParameterizedTest
    @MethodSource("io.authstream.schemas.event.EnvelopeParserTest#realisticEvents")
    void acceptsEveryRealisticEvent(byte[] event) throws IOException {
        assertThat(SCHEMA.validate(JSON.readTree(event))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.authstream.schemas.event.EnvelopeParserTest#realWorldVariants")
    void acceptsTheRealWorldVariantsTheParserAccepts(String variant, String json) throws IOException {
        assertThat(SCHEMA.validate(JSON.readTree(Events.utf8(json)))).as(variant).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.authstream.schemas.event.EnvelopeParserTest#dates")
    void acceptsEveryDateTheParserAccepts(String date, String ignored) throws IOException {
        assertThat(SCHEMA.validate(JSON.readTree(Events.minimal("1", "s", date, "")))).as(date).isEmpty();
    }

    static Stream<Arguments> invalidForBoth() {
        return EnvelopeParserTest.invalidEvents().filter(a -> {
            String reason = (String) a.get()[2];
            return BEYOND_JSON_SCHEMA.stream().noneMatch(reason::contains);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidForBoth")
    void rejectsWhatTheParserRejects(String what, byte[] event, String reason) throws IOException {
        Set<ValidationMessage> errors = SCHEMA.validate(JSON.readTree(event));

        assertThat(errors).as("%s (parser: %s)", what, reason).isNotEmpty();
    }

    @Test
    void leavesOnlyTheDocumentedRulesToTheParser() {
        assertThat(invalidForBoth().count()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void isAValidDraft202012Schema() throws IOException {
        JsonSchema meta = FACTORY.getSchema(SchemaLocation.of(SchemaId.V202012));

        for (String file : List.of("auth0-event.schema.json", "rejected-event.schema.json")) {
            assertThat(meta.validate(JSON.readTree(Files.readString(Path.of("json-schema", file))))).as(file).isEmpty();
        }
    }
}
