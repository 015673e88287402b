package io.authstream.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The real library on the raw strings authstream's fixtures and Auth0 tenants carry. */
class RawUserAgentParserTest {
    private static final RawUserAgentParser PARSER = RawUserAgentParser.create();

    @Test
    void parsesDesktopAndMobileBrowsers() {
        UserAgent firefox = PARSER.apply("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");
        assertThat(firefox.name()).contains("Firefox");
        assertThat(firefox.version()).hasValueSatisfying(v -> assertThat(v).startsWith("128"));
        assertThat(firefox.osName()).hasValueSatisfying(v -> assertThat(v).containsIgnoringCase("Ubuntu"));

        UserAgent iphone = PARSER.apply("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 "
                + "(KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1");
        assertThat(iphone.name()).contains("Safari");
        assertThat(iphone.osName()).contains("iOS");
        assertThat(iphone.deviceName()).hasValueSatisfying(v -> assertThat(v).contains("iPhone"));
    }

    @Test
    void attackLikeStringsAreFlaggedNotPassedOffAsBrowsers() {
        // Yauaa classifies strings such as these as "Hacker"; a security team wants to see that.
        UserAgent ua = PARSER.apply("%%%%");
        assertThat(ua.osName()).contains("Hacker");
    }
}
