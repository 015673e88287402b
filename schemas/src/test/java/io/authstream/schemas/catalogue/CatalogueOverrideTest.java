package io.authstream.schemas.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstream.schemas.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CatalogueOverrideTest {
    private static final String NEW_CODE = """
            {"code": "passkey_fraud_2027", "name": "Passkey fraud", "description": "A made-up code Auth0 invents next month",
             "auth0Filter": "other", "category": "attack-protection", "outcome": "failure", "signals": ["account-takeover"],
             "retentionClass": "security", "ecsCategory": ["intrusion_detection"], "ecsType": ["denied"]}""";

    @TempDir
    Path dir;

    private Path file(String json) throws IOException {
        Path p = dir.resolve("codes.json");
        Files.writeString(p, json);
        return p;
    }

    @Test
    void addsACodeAuth0InventedWithoutARelease() throws IOException {
        EventCatalogue c = EventCatalogue.load(file("{\"catalogueVersion\": \"ops-1\", \"codes\": [" + NEW_CODE + "]}"));

        EventCode e = c.lookup("passkey_fraud_2027");
        assertThat(e.known()).isTrue();
        assertThat(e.category()).isEqualTo(Category.ATTACK_PROTECTION);
        assertThat(e.signals()).containsExactly("account-takeover");
        assertThat(c.size()).isEqualTo(186);
        assertThat(c.version()).endsWith("+ops-1");
        assertThat(c.unknownCodesSeen()).isEmpty();
    }

    @Test
    void replacesOnlyTheFieldsAnEntryForABundledCodeGives() throws IOException {
        EventCode before = EventCatalogue.bundled().lookup("s");

        EventCatalogue c = EventCatalogue.load(file("""
                {"codes": [{"code": "s", "retentionClass": "security", "signals": ["prioritized"]}]}"""));

        EventCode after = c.lookup("s");
        assertThat(after.retentionClass()).isEqualTo(RetentionClass.SECURITY);
        assertThat(after.signals()).containsExactly("prioritized");
        assertThat(after).usingRecursiveComparison().ignoringFields("retentionClass", "signals").isEqualTo(before);
        assertThat(c.version()).endsWith("+codes.json");
    }

    @Test
    void loadsTheOverrideFileNamedInConfigurationOrTheEnvironment() throws IOException {
        Path p = file("{\"codes\": [" + NEW_CODE + "]}");

        assertThat(EventCatalogue.load(Config.of(Map.of(EventCatalogue.OVERRIDE_FILE_KEY, p.toString()))).knows("passkey_fraud_2027")).isTrue();
        assertThat(EventCatalogue.load(Config.load(null, Map.of("AUTHSTREAM_CATALOGUE_OVERRIDE_FILE", p.toString())))
                .knows("passkey_fraud_2027")).isTrue();
        assertThat(EventCatalogue.load(Config.of(Map.of())).size()).isEqualTo(185);
    }

    static Stream<Arguments> badFiles() {
        String entry = NEW_CODE.replace("\n", " ");
        return Stream.of(
                bad("not JSON", "{\"codes\": [", "cannot read the catalogue override", "Unexpected end-of-input"),
                bad("a duplicate JSON key", "{\"codes\": [], \"codes\": []}", "Duplicate field 'codes'"),
                bad("codes not an array", "{\"codes\": {}}", "'codes' must be an array"),
                bad("an unknown top-level field", "{\"codez\": []}", "unknown top-level field 'codez'"),
                bad("an entry that is not an object", "{\"codes\": [\"s\"]}", "entry 0: must be an object"),
                bad("a code missing", "{\"codes\": [{\"name\": \"x\"}]}", "entry 0: 'code' must be a string", "(it is missing)"),
                bad("a code with a space", "{\"codes\": [{\"code\": \"a b\"}]}", "'code' must be a string", "was \"a b\""),
                bad("a code twice", "{\"codes\": [" + entry + "," + entry + "]}", "entry 1 (code 'passkey_fraud_2027')", "appears twice"),
                bad("a new code missing a field", "{\"codes\": [" + entry.replace("\"outcome\": \"failure\",", "") + "]}",
                        "code 'passkey_fraud_2027'", "'outcome' is missing (a new code needs every field)"),
                bad("a misspelt field", "{\"codes\": [{\"code\": \"s\", \"retention_class\": \"noise\"}]}",
                        "code 's'", "unknown field 'retention_class'"),
                bad("an unknown category", "{\"codes\": [{\"code\": \"s\", \"category\": \"scary\"}]}",
                        "code 's'", "unknown category 'scary' (known: [rate-limit"),
                bad("the reserved unknown category", "{\"codes\": [{\"code\": \"s\", \"category\": \"unknown\"}]}",
                        "'category' unknown is reserved"),
                bad("an unknown outcome", "{\"codes\": [{\"code\": \"s\", \"outcome\": \"maybe\"}]}", "unknown outcome 'maybe'"),
                bad("an unknown retention class", "{\"codes\": [{\"code\": \"s\", \"retentionClass\": \"forever\"}]}",
                        "unknown retention class 'forever'"),
                bad("an unknown signal", "{\"codes\": [{\"code\": \"s\", \"signals\": [\"scary\"]}]}", "unknown signal 'scary'"),
                bad("signals not an array", "{\"codes\": [{\"code\": \"s\", \"signals\": \"brute-force\"}]}",
                        "'signals' must be an array of strings"),
                bad("a name that is a number", "{\"codes\": [{\"code\": \"s\", \"name\": 5}]}", "'name' must be a non-empty string, was 5"),
                bad("an empty description", "{\"codes\": [{\"code\": \"s\", \"description\": \"\"}]}", "'description' must be a non-empty string"),
                bad("an unknown stream filter", "{\"codes\": [{\"code\": \"s\", \"auth0Filter\": \"auth.login\"}]}",
                        "'auth0Filter' must be one of Auth0's stream-filter categories", "was 'auth.login'"),
                bad("an unknown ECS category", "{\"codes\": [{\"code\": \"s\", \"ecsCategory\": [\"login\"]}]}",
                        "'login' in 'ecsCategory' is not an ECS event.category"),
                bad("an ECS type that fits no category", "{\"codes\": [{\"code\": \"s\", \"ecsType\": [\"denied\"]}]}",
                        "ecsType 'denied' fits none of ecsCategory [authentication]"),
                bad("empty ECS types", "{\"codes\": [{\"code\": \"s\", \"ecsType\": []}]}", "'ecsType' must be a non-empty array"));
    }

    private static Arguments bad(String what, String json, String... fragments) {
        return Arguments.of(what, json, List.of(fragments));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void rejectsABadOverrideWithAMessageNamingFileCodeAndField(String what, String json, List<String> fragments) throws IOException {
        Path p = file(json);

        assertThatThrownBy(() -> EventCatalogue.load(p)).as(what).isInstanceOf(IllegalArgumentException.class)
                .message().contains(p.toString()).contains(fragments).doesNotContain("\n");
    }

    @Test
    void rejectsAMissingOverrideFile() {
        Path p = dir.resolve("nope.json");

        assertThatThrownBy(() -> EventCatalogue.load(p)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the catalogue override " + p + " does not exist");
    }
}
