package io.authstream.retention.hold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HoldSelectionTest {

    @Test
    void refusesAHoldThatSelectsNothingInParticular() {
        assertThatThrownBy(() -> new HoldSelection(" ", null, "", null, null))
                .hasMessageContaining("at least one of tenant, user id, IP or time range");
    }

    @Test
    void acceptsAddressesAndCidrRangesAndRejectsGarbage() {
        assertThat(new HoldSelection(null, null, "10.1.2.3", null, null).ip()).isEqualTo("10.1.2.3");
        assertThat(new HoldSelection(null, null, "10.0.0.0/8", null, null).ip()).isEqualTo("10.0.0.0/8");
        assertThat(new HoldSelection(null, null, "2001:db8::/32", null, null).ip()).isEqualTo("2001:db8::/32");
        assertThatThrownBy(() -> new HoldSelection(null, null, "10.0.0.300", null, null)).hasMessageContaining("IPv4/IPv6");
        assertThatThrownBy(() -> new HoldSelection(null, null, "example.com", null, null)).hasMessageContaining("IPv4/IPv6");
    }

    @Test
    void rejectsATimeRangeThatEndsBeforeItStarts() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        assertThatThrownBy(() -> new HoldSelection(null, "u", null, t, t)).hasMessageContaining("must start before it ends");
    }

    @Test
    void queryRequiresEveryGivenCriterionAndRoundTripsThroughJson() {
        HoldSelection s = new HoldSelection("acme", "auth0|1", "10.0.0.0/8", Instant.parse("2026-01-01T00:00:00Z"), null);
        String q = s.query().toString();
        assertThat(q).contains("\"filter\"").contains("\"authstream.tenant\":\"acme\"").contains("\"user.id\":\"auth0|1\"")
                .contains("\"source.ip\":\"10.0.0.0/8\"").contains("\"gte\":1767225600000").doesNotContain("\"lt\"");
        assertThat(HoldSelection.fromJson(s.toJson())).isEqualTo(s);
        assertThat(s.describe()).isEqualTo("tenant=acme user.id=auth0|1 source.ip=10.0.0.0/8 @timestamp=[2026-01-01T00:00:00Z, ...)");
    }

    @Test
    void caseIdsAreRestrictedToSafeIndexNameCharacters() {
        HoldSelection s = new HoldSelection("acme", null, null, null, null);
        assertThatThrownBy(() -> new LegalHold("../x", "r", s, Instant.EPOCH, "me", null, null)).hasMessageContaining("case id");
        assertThatThrownBy(() -> new LegalHold("C-1", " ", s, Instant.EPOCH, "me", null, null)).hasMessageContaining("reason");
    }
}
