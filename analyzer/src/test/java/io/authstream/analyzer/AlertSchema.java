package io.authstream.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The alert JSON Schema from {@code schemas/json-schema}, for checking what the analyzer really writes. */
public final class AlertSchema {
    private static final ObjectMapper M = new ObjectMapper();
    private static final JsonSchema SCHEMA = load();

    private AlertSchema() {
    }

    private static JsonSchema load() {
        try {
            Path p = Path.of("../schemas/json-schema/alert.schema.json");
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(M.readTree(Files.readAllBytes(p)),
                    SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that {@code json} is a valid alert. */
    public static void check(byte[] json) {
        try {
            assertThat(SCHEMA.validate(M.readTree(json))).as(new String(json)).isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
