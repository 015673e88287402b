package io.authstream.retention.hold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstream.schemas.index.IndexLayout;
import java.time.Instant;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** One case-id limit: whatever a hold accepts can name its hold index, so apply never fails at the copy step. */
class LegalHoldTest {
    private static final HoldSelection SEL = new HoldSelection(null, "u1", null, null, null);
    private static final IndexLayout LAYOUT = new IndexLayout("auth0-", Map.of());

    private static LegalHold hold(String caseId) {
        return new LegalHold(caseId, "reason", SEL, Instant.EPOCH, "me", null, null);
    }

    @Test
    void acceptsACaseIdOfSixtyFourCharacters() {
        String id = "C" + "x".repeat(63);
        assertThat(LAYOUT.holdIndex(hold(id).caseId())).isEqualTo("auth0-hold-c" + "x".repeat(63));
    }

    @Test
    void refusesACaseIdOfSixtyFiveCharactersWhenTheHoldIsCreated() {
        assertThatThrownBy(() -> hold("C" + "x".repeat(64))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1-64");
        assertThatThrownBy(() -> hold("C" + "x".repeat(99))).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 300)
    void everyAcceptedCaseIdNamesAHoldIndex(@ForAll @StringLength(min = 1, max = 90) @CharRange(from = 'a', to = 'z')
                                            @CharRange(from = 'A', to = 'Z') @CharRange(from = '0', to = '9') @Chars({'.', '_', '-'})
                                            String caseId) {
        LegalHold h;
        try {
            h = hold(caseId);
        } catch (IllegalArgumentException refused) {
            assertThat(caseId.length() > LegalHold.MAX_CASE_ID || !Character.isLetterOrDigit(caseId.charAt(0))).isTrue();
            return;
        }
        assertThat(LAYOUT.holdIndex(h.caseId())).startsWith("auth0-hold-");
    }
}
