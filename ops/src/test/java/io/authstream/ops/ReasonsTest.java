package io.authstream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReasonsTest {
    @Test
    void masksCredentialsInUrlsKeyValuesAndAuthorizationHeaders() {
        assertThat(Reasons.clean("GET http://user:pw@host/x failed")).isEqualTo("GET http://***@host/x failed");
        assertThat(Reasons.clean("client_secret=abc token: xyz")).isEqualTo("client_secret=*** token: ***");
        assertThat(Reasons.clean("sent Authorization: Bearer eyJhbGci.x.y")).doesNotContain("eyJhbGci");
    }

    @Test
    void cutsLongReasonsAndRemovesLineBreaks() {
        String r = Reasons.clean("line one\nline two " + "x".repeat(500));
        assertThat(r).doesNotContain("\n").hasSize(Reasons.MAX_LENGTH).startsWith("line one line two");
    }
}
