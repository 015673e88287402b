package io.authstream.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UserAgentsTest {
    private static Optional<String> o(String s) {
        return Optional.of(s);
    }

    @Test
    void readsAuth0sOwnParsedFormExactly() {
        assertThat(UserAgents.auth0Form("Chrome 120.0.0 / Mac OS X 10.15.7")).contains(
                new UserAgent(o("Chrome"), o("120.0.0"), o("Mac OS X"), o("10.15.7"), Optional.empty()));
        assertThat(UserAgents.auth0Form("Safari 17.4.1 / iOS 17.4.1").flatMap(UserAgent::osName)).contains("iOS");
        assertThat(UserAgents.auth0Form("node-fetch 2.7.0 / Other 0.0.0")).contains(
                new UserAgent(o("node-fetch"), o("2.7.0"), Optional.empty(), Optional.empty(), Optional.empty()));
        assertThat(UserAgents.auth0Form("Firefox 125.0.0 / Arch 0.0.0")).contains(
                new UserAgent(o("Firefox"), o("125.0.0"), o("Arch"), Optional.empty(), Optional.empty()));
        assertThat(UserAgents.auth0Form("Other 0.0.0 / Other 0.0.0").orElseThrow().isEmpty()).isTrue();
    }

    @Test
    void rawStringsGoToTheLibraryAndAreCached() {
        AtomicInteger calls = new AtomicInteger();
        UserAgents p = new UserAgents(s -> {
            calls.incrementAndGet();
            return new UserAgent(o("Firefox"), o("128.0"), o("Ubuntu"), Optional.empty(), o("Linux Desktop"));
        }, 100);
        String raw = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
        assertThat(UserAgents.auth0Form(raw)).isEmpty();
        assertThat(p.parse(raw).flatMap(UserAgent::name)).contains("Firefox");
        assertThat(p.parse(raw).flatMap(UserAgent::deviceName)).contains("Linux Desktop");
        assertThat(calls).hasValue(1);
    }

    @Test
    void aFailingOrHugeInputCostsNothingButItsFields() {
        UserAgents p = new UserAgents(s -> {
            throw new IllegalStateException("parser bug");
        }, 100);
        assertThat(p.parse("Mozilla/5.0 (weird)")).isEmpty();
        assertThat(p.parse("x".repeat(UserAgents.MAX_LENGTH + 1))).isEmpty();
        assertThat(p.parse(null)).isEmpty();
        assertThat(p.parse("  ")).isEmpty();
    }
}
