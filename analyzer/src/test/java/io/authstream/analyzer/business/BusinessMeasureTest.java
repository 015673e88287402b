package io.authstream.analyzer.business;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.schemas.catalogue.Category;
import io.authstream.schemas.catalogue.EventCatalogue;
import io.authstream.schemas.catalogue.EventCode;
import io.authstream.schemas.catalogue.Outcome;
import io.authstream.schemas.catalogue.RetentionClass;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BusinessMeasureTest {
    private static final EventCatalogue CATALOGUE = EventCatalogue.bundled();

    private static Optional<String> label(BusinessMeasure m, String code) {
        return m.label(CATALOGUE.lookup(code));
    }

    @Test
    void loginsAreTheCodesOfAuth0sLoginFiltersWithTheirOutcome() {
        assertThat(label(BusinessMeasure.LOGINS, "s")).contains("success");
        assertThat(label(BusinessMeasure.LOGINS, "f")).contains("failure");
        assertThat(label(BusinessMeasure.LOGINS, "fp")).contains("failure");
        assertThat(label(BusinessMeasure.LOGINS, "fu")).contains("failure");
        // a credential validation is in the login notification filter, not a login
        assertThat(label(BusinessMeasure.LOGINS, "scv")).isEmpty();
        assertThat(label(BusinessMeasure.LOGINS, "ssa")).as("silent auth is not a login").isEmpty();
    }

    @Test
    void signupsAreTheCodesOfAuth0sSignupFilters() {
        assertThat(label(BusinessMeasure.SIGNUPS, "ss")).contains("success");
        assertThat(label(BusinessMeasure.SIGNUPS, "fs")).contains("failure");
        assertThat(label(BusinessMeasure.SIGNUPS, "s")).isEmpty();
    }

    @Test
    void mfaChallengesAreGuardianAuthenticationStarts() {
        assertThat(label(BusinessMeasure.MFA_CHALLENGES, "gd_start_auth")).contains("started");
        assertThat(label(BusinessMeasure.MFA_CHALLENGES, "gd_auth_succeed")).contains("success");
        assertThat(label(BusinessMeasure.MFA_CHALLENGES, "gd_auth_failed")).contains("failure");
        assertThat(label(BusinessMeasure.MFA_CHALLENGES, "gd_auth_rejected")).contains("failure");
        assertThat(label(BusinessMeasure.MFA_CHALLENGES, "gd_send_sms")).as("a message sent is not an attempt").isEmpty();
        assertThat(label(BusinessMeasure.MFA_CHALLENGES, "gd_enrollment_complete")).isEmpty();
        assertThat(label(BusinessMeasure.MFA_CHALLENGES, "s")).isEmpty();
    }

    @Test
    void rateLimitHitsAreTheCodesTaggedRateLimitedByTheirCode() {
        assertThat(label(BusinessMeasure.RATE_LIMIT_HITS, "api_limit")).contains("api_limit");
        assertThat(label(BusinessMeasure.RATE_LIMIT_HITS, "limit_wc")).contains("limit_wc");
        assertThat(label(BusinessMeasure.RATE_LIMIT_HITS, "gd_otp_rate_limit_exceed")).contains("gd_otp_rate_limit_exceed");
        assertThat(label(BusinessMeasure.RATE_LIMIT_HITS, "api_limit_warning")).as("a warning is no hit").isEmpty();
        assertThat(label(BusinessMeasure.RATE_LIMIT_HITS, "f")).isEmpty();
    }

    @Test
    void aCodeTheCatalogueAddsCountsByItsEntryNotByItsName() {
        EventCode added = new EventCode("new_login", "New login", "", "auth.login.success", Category.SUCCESS,
                Outcome.SUCCESS, Set.of(), RetentionClass.SECURITY, List.of("authentication"), List.of("start"), true);
        assertThat(BusinessMeasure.LOGINS.label(added)).contains("success");
    }

    @Test
    void unknownCodesCountNowhere() {
        for (BusinessMeasure m : BusinessMeasure.values()) {
            assertThat(m.label(EventCode.unknown("gd_new_thing"))).as(m.name()).isEmpty();
        }
    }
}
