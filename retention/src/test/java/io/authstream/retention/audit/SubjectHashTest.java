package io.authstream.retention.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.schemas.config.Secret;
import org.junit.jupiter.api.Test;

class SubjectHashTest {

    @Test
    void isStablePerSaltAndRevealsNothingOfTheIdentifier() {
        SubjectHash a = new SubjectHash(Secret.of("salt-one-0123456789"));
        String h = a.of("auth0|64f0c0ffee");
        assertThat(h).isEqualTo(a.of("auth0|64f0c0ffee")).startsWith("hmac-sha256:").hasSize(12 + 64)
                .doesNotContain("64f0c0ffee").doesNotContain("auth0");
        assertThat(new SubjectHash(Secret.of("salt-two-0123456789")).of("auth0|64f0c0ffee")).isNotEqualTo(h);
        assertThat(a.of("auth0|64f0c0ffef")).isNotEqualTo(h);
    }
}
