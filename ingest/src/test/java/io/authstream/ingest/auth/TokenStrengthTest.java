package io.authstream.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TokenStrengthTest {
    @Test
    void refusesRepeatedCharactersAndShortPatterns() {
        assertThat(TokenStrength.refusal("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")).get().asString().contains("1 distinct");
        assertThat(TokenStrength.refusal("abcdabcdabcdabcdabcdabcd")).get().asString().contains("4 distinct");
        assertThat(TokenStrength.refusal("passwordpassword")).get().asString().contains("about 44 bits");
    }

    @Test
    void acceptsRandomValuesWithoutAWarning() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        String hex = HexFormat.of().formatHex(b);
        assertThat(TokenStrength.refusal(hex)).isEmpty();
        assertThat(TokenStrength.weak(hex)).isFalse();
        assertThat(TokenStrength.bits(hex)).isGreaterThan(200);
    }

    @Test
    void acceptsButWarnsAboutShortHumanMadeTokens() {
        assertThat(TokenStrength.refusal("first-secret-token")).isEmpty();
        assertThat(TokenStrength.weak("first-secret-token")).isTrue();
    }

    @Test
    void neverQuotesTheToken() {
        String t = "zzzzzzzzzzzzzzzzzzzzzzzzzzzz";
        assertThat(TokenStrength.refusal(t)).get().asString().doesNotContain("zz");
    }
}
