package io.authstream.schemas.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventCatalogueTest {
    private final EventCatalogue catalogue = EventCatalogue.bundled();

    static List<String> lines(String resource) throws IOException {
        try (InputStream in = EventCatalogueTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
    }

    // ---- coverage --------------------------------------------------------------------------

    @Test
    void coversEveryTypeOfAuth0sOfficialLogSchemas() throws IOException {
        List<String> official = lines("/official-log-types.txt");

        assertThat(official).hasSize(166);
        assertThat(official).allSatisfy(code -> assertThat(catalogue.knows(code)).as(code).isTrue());
    }

    @Test
    void coversEveryCodeOfTheReferenceTableAndNothingElse() throws IOException {
        Set<String> reference = new TreeSet<>(lines("/reference-codes.txt"));
        Set<String> union = new TreeSet<>(reference);
        union.addAll(lines("/official-log-types.txt"));

        assertThat(reference).hasSize(185);
        assertThat(catalogue.all()).extracting(EventCode::code).containsExactlyElementsOf(union);
        assertThat(catalogue.size()).isEqualTo(185);
    }

    static Stream<EventCode> entries() {
        return EventCatalogue.bundled().all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void fillsEveryAttributeOfEveryEntryWithAValidValue(EventCode c) {
        assertThat(c.known()).isTrue();
        assertThat(c.name()).isNotBlank();
        assertThat(c.description()).isNotBlank().doesNotContain("[sic]");
        assertThat(EventCatalogue.AUTH0_FILTERS).contains(c.auth0Filter());
        assertThat(c.category()).isNotNull().isNotEqualTo(Category.UNKNOWN);
        assertThat(c.outcome()).isNotNull();
        assertThat(c.retentionClass()).isNotNull();
        assertThat(EventCatalogue.SIGNALS).containsAll(c.signals());
        assertThat(c.ecsCategory()).isNotEmpty().allSatisfy(cat -> assertThat(EventCatalogue.ECS_EXPECTED_TYPES).containsKey(cat));
        assertThat(c.ecsType()).isNotEmpty().allSatisfy(t -> assertThat(c.ecsCategory())
                .as("ECS expects type %s with one of %s", t, c.ecsCategory())
                .anySatisfy(cat -> assertThat(EventCatalogue.ECS_EXPECTED_TYPES.get(cat)).contains(t)));
    }

    @Test
    void keepsTheDataFileSortedAndFreeOfDuplicates() throws IOException {
        JsonNode root;
        try (InputStream in = EventCatalogue.class.getResourceAsStream("/authstream/event-codes.json")) {
            root = new ObjectMapper().readTree(in);
        }
        List<String> codes = new ArrayList<>();
        root.path("codes").forEach(n -> codes.add(n.path("code").asText()));

        assertThat(codes).doesNotHaveDuplicates().isSortedAccordingTo(String::compareTo);
        assertThat(root.path("catalogueVersion").asText()).isNotBlank();
    }

    // ---- pins for the tricky codes ----------------------------------------------------------

    static Stream<Arguments> pinned() {
        return Stream.of(
                // code, auth0Filter, category, outcome, retention, signals
                pin("fapi", "management.fail", "management-api-failure", "failure", "security"),
                pin("sapi", "management.success", "admin-change", "success", "security"),
                pin("mgmt_api_read", "management.success", "admin-change", "success", "security"),
                pin("api_limit", "system.notification", "rate-limit", "failure", "security", "rate-limited"),
                pin("api_limit_warning", "system.notification", "rate-limit", "unknown", "security"),
                pin("appi", "system.notification", "rate-limit", "unknown", "security"),
                pin("limit_wc", "system.notification", "attack-protection", "failure", "security",
                        "credential-stuffing", "brute-force", "bot-activity", "prioritized", "rate-limited"),
                pin("limit_mu", "system.notification", "attack-protection", "failure", "security",
                        "credential-stuffing", "brute-force", "bot-activity", "prioritized", "rate-limited"),
                pin("limit_sul", "other", "attack-protection", "failure", "security",
                        "credential-stuffing", "brute-force", "bot-activity", "prioritized", "rate-limited"),
                pin("limit_delegation", "system.notification", "rate-limit", "failure", "security", "rate-limited"),
                pin("limit_phone", "system.notification", "rate-limit", "failure", "security", "rate-limited"),
                pin("limit_ui", "other", "rate-limit", "failure", "security", "rate-limited"),
                pin("pwd_leak", "other", "attack-protection", "failure", "security",
                        "credential-stuffing", "brute-force", "bot-activity", "breached-password", "prioritized"),
                pin("signup_pwd_leak", "other", "attack-protection", "failure", "security",
                        "signup-attack", "brute-force", "breached-password", "prioritized"),
                pin("reset_pwd_leak", "other", "attack-protection", "failure", "security", "breached-password", "prioritized"),
                pin("gd_auth_failed", "other", "mfa-failure", "failure", "security", "mfa-bypass"),
                pin("gd_auth_rejected", "other", "mfa-failure", "failure", "security", "mfa-bypass", "mfa-fatigue"),
                pin("gd_otp_rate_limit_exceed", "other", "mfa-failure", "failure", "security", "mfa-bypass", "rate-limited"),
                pin("gd_recovery_failed", "other", "mfa-failure", "failure", "security", "mfa-bypass"),
                pin("gd_recovery_rate_limit_exceed", "other", "mfa-failure", "failure", "security", "mfa-bypass", "rate-limited"),
                pin("gd_send_pn_failure", "other", "mfa-failure", "failure", "security", "mfa-fatigue"),
                pin("gd_send_sms_failure", "other", "mfa-failure", "failure", "security", "toll-fraud"),
                pin("gd_send_voice_failure", "other", "mfa-failure", "failure", "security", "toll-fraud"),
                pin("gd_start_enroll_failed", "other", "mfa-failure", "failure", "security"),
                pin("gd_webauthn_challenge_failed", "other", "mfa-failure", "failure", "security", "mfa-bypass"),
                pin("gd_webauthn_enrollment_failed", "other", "mfa-failure", "failure", "security"),
                pin("gd_auth_fail_email_verification", "other", "mfa-failure", "failure", "security"),
                pin("gd_send_email_verification_failure", "other", "mfa-failure", "failure", "security"),
                pin("gd_send_sms", "other", "notification", "success", "security", "mfa-bypass", "toll-fraud", "prioritized"),
                pin("ferrt", "auth.token_exchange.fail", "token-exchange-failure", "failure", "security"),
                pin("feta", "auth.token_exchange.success", "token-exchange-failure", "failure", "security"),
                pin("fd", "user.fail", "token-exchange-failure", "failure", "security"),
                pin("f", "auth.login.fail", "auth-failure", "failure", "security", "credential-stuffing", "brute-force"),
                pin("fp", "auth.login.fail", "auth-failure", "failure", "security", "credential-stuffing", "brute-force", "bot-activity"),
                pin("fu", "auth.login.fail", "auth-failure", "failure", "security", "credential-stuffing", "brute-force", "bot-activity"),
                pin("fco", "auth.login.fail", "auth-failure", "failure", "security"),
                pin("fcoa", "auth.login.fail", "auth-failure", "failure", "security", "brute-force", "bot-activity", "account-takeover"),
                pin("s", "auth.login.success", "success", "success", "activity"),
                pin("scoa", "auth.login.success", "success", "success", "security", "brute-force", "bot-activity", "account-takeover"),
                pin("fs", "auth.signup.fail", "signup", "failure", "security", "signup-attack"),
                pin("ss", "auth.signup.success", "signup", "success", "security", "signup-attack"),
                pin("du", "user.notification", "notification", "success", "security"),
                pin("w", "auth.login.notification", "notification", "unknown", "noise"),
                pin("pla", "other", "attack-protection", "unknown", "security", "bot-activity"));
    }

    private static Arguments pin(String code, String filter, String category, String outcome, String retention, String... signals) {
        return Arguments.of(code, filter, category, outcome, retention, Set.of(signals));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pinned")
    void classifiesTheTrickyCodesAsDecided(String code, String filter, String category, String outcome, String retention, Set<String> signals) {
        EventCode c = catalogue.lookup(code);

        assertThat(c.auth0Filter()).as("auth0Filter").isEqualTo(filter);
        assertThat(c.category().id()).as("category").isEqualTo(category);
        assertThat(c.outcome().id()).as("outcome").isEqualTo(outcome);
        assertThat(c.retentionClass().id()).as("retention class").isEqualTo(retention);
        assertThat(c.signals()).as("signals").isEqualTo(signals);
    }

    @Test
    void mapsTheManagementApiCodesToEcsAdministrativeApiEvents() {
        assertThat(catalogue.lookup("fapi").ecsCategory()).containsExactly("api", "web");
        assertThat(catalogue.lookup("fapi").ecsType()).containsExactly("admin", "error");
        assertThat(catalogue.lookup("sapi").ecsType()).containsExactly("change", "admin");
        assertThat(catalogue.lookup("mgmt_api_read").ecsType()).containsExactly("access", "admin").doesNotContain("change");
        assertThat(catalogue.lookup("api_limit").ecsType()).containsExactly("denied");
        assertThat(catalogue.lookup("api_limit_warning").ecsType()).containsExactly("info");
    }

    // ---- cross-checks against the reference --------------------------------------------------

    static Stream<Arguments> signalLists() {
        return Stream.of(
                // §3.2 Security Center
                Arguments.of("credential-stuffing", "f fu fp pwd_leak limit_wc limit_sul limit_mu"),
                Arguments.of("mfa-bypass", "gd_send_email gd_send_pn gd_send_sms gd_send_voice gd_auth_failed gd_auth_rejected "
                        + "gd_otp_rate_limit_exceed gd_recovery_failed gd_recovery_rate_limit_exceed gd_webauthn_challenge_failed"),
                // Security Center (fs) plus the brute-force playbook's signup attacks (fs, ss, signup_pwd_leak)
                Arguments.of("signup-attack", "fs ss signup_pwd_leak"),
                // §3.2 playbooks
                Arguments.of("brute-force", "f fu fp pwd_leak signup_pwd_leak limit_wc limit_sul limit_mu fcoa scoa"),
                Arguments.of("bot-activity", "pla fu fp pwd_leak limit_wc limit_sul limit_mu fcoa scoa"),
                Arguments.of("mfa-fatigue", "gd_auth_rejected gd_send_pn gd_send_pn_failure"),
                Arguments.of("toll-fraud", "gd_send_sms gd_send_sms_failure gd_send_voice gd_send_voice_failure"),
                Arguments.of("account-takeover", "gd_unenroll fcoa scoa"),
                // §1.5 prioritized log streams, §4.4 breached password detection
                Arguments.of("prioritized", "limit_mu limit_sul limit_wc pwd_leak ublkdu signup_pwd_leak reset_pwd_leak gd_send_sms"),
                Arguments.of("breached-password", "pwd_leak signup_pwd_leak reset_pwd_leak"),
                // §4.7 HTTP 429 codes, §4.3/§4.5 rate limits, Panther's Auth0.Limits list, limit_ui/limit_phone by description
                Arguments.of("rate-limited", "api_limit limit_wc limit_mu limit_sul limit_delegation limit_ui limit_phone "
                        + "gd_otp_rate_limit_exceed gd_recovery_rate_limit_exceed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signalLists")
    void tagsExactlyTheCodesAuth0TiesToEachSignal(String signal, String codes) {
        assertThat(catalogue.codesWithSignal(signal)).isEqualTo(new TreeSet<>(Arrays.asList(codes.split(" "))));
    }

    /** §1.5: the codes Auth0's event-filters page lists under each stream filter. */
    static Stream<Arguments> filtersPage() {
        return Map.ofEntries(
                Map.entry("actions", "actions_execution_failed"),
                Map.entry("auth.login.fail", "f fc fco fcoa fens fp fu"),
                Map.entry("auth.login.notification", "w"),
                Map.entry("auth.login.success", "s scoa sens"),
                Map.entry("auth.logout.fail", "flo oidc_backchannel_logout_failed"),
                Map.entry("auth.logout.success", "oidc_backchannel_logout_succeeded slo"),
                Map.entry("auth.signup.fail", "fs"),
                Map.entry("auth.signup.success", "ss"),
                Map.entry("auth.silent_auth.fail", "fsa"),
                Map.entry("auth.silent_auth.success", "ssa"),
                Map.entry("auth.token_exchange.fail", "feacft feccft fede feoobft feotpft fepft fepotpft fercft ferrt fertft"),
                Map.entry("auth.token_exchange.success", "seacft seccft sede seoobft seotpft sepft sercft sertft"),
                Map.entry("management.success", "sapi mgmt_api_read"),
                Map.entry("system.notification", "admin_update_launch api_limit coff con depnote fcpro fui limit_delegation limit_mu "
                        + "limit_wc sys_os_update_start sys_os_update_end sys_update_start sys_update_end"),
                Map.entry("user.fail", "fce fcp fcpn fcpr fcu fd fdeaz fdecc fdu fn fv fvr ss_sso_failure"),
                Map.entry("user.notification", "cs gd_enrollment_complete gd_start_enroll gd_unenroll gd_update_device_account ss_sso_info ublkdu"),
                Map.entry("user.success", "sce scp scpn scpr scu sdu srrt ss_sso_success sui sv svr"),
                Map.entry("scim.event", "sscim fscim")).entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filtersPage")
    void filesEveryCodeUnderTheStreamFilterAuth0sFiltersPageGivesIt(String filter, String codes) {
        assertThat(Arrays.stream(codes.split(" "))).allSatisfy(code ->
                assertThat(catalogue.lookup(code).auth0Filter()).as(code).isEqualTo(filter));
    }

    @Test
    void callsEveryCodeUnderAFailureFilterOrFailureCategoryAFailure() {
        Set<Category> failureCategories = Set.of(Category.AUTH_FAILURE, Category.TOKEN_EXCHANGE_FAILURE, Category.MFA_FAILURE,
                Category.MANAGEMENT_API_FAILURE);

        assertThat(catalogue.all()).filteredOn(c -> c.auth0Filter().endsWith(".fail") || failureCategories.contains(c.category()))
                .isNotEmpty().allSatisfy(c -> assertThat(c.outcome()).as(c.code()).isEqualTo(Outcome.FAILURE));
        // Under a success filter only feta is a failure: Auth0's catalog files it there (§1.5).
        assertThat(catalogue.all()).filteredOn(c -> c.auth0Filter().endsWith(".success") && c.outcome() != Outcome.SUCCESS)
                .extracting(EventCode::code).containsExactly("feta");
    }

    @Test
    void keepsEveryFailureAndEverySignalInTheSecurityClass() {
        assertThat(catalogue.all()).filteredOn(c -> c.isFailure() || !c.signals().isEmpty())
                .allSatisfy(c -> assertThat(c.retentionClass()).as(c.code()).isEqualTo(RetentionClass.SECURITY));
        assertThat(catalogue.codesIn(Category.RATE_LIMIT)).contains("api_limit", "api_limit_warning")
                .allSatisfy(code -> assertThat(catalogue.lookup(code).retentionClass()).isEqualTo(RetentionClass.SECURITY));
    }

    @Test
    void putsOnlyOperationalNoticesInTheNoiseClass() {
        Set<String> noise = catalogue.all().stream().filter(c -> c.retentionClass() == RetentionClass.NOISE)
                .map(EventCode::code).collect(Collectors.toCollection(TreeSet::new));

        assertThat(noise).containsExactlyInAnyOrder("w", "wn", "wum", "depnote", "acul_sdk_notice", "admin_update_launch", "coff", "con",
                "sys_os_update_start", "sys_os_update_end", "sys_update_start", "sys_update_end", "directory_sync_started",
                "directory_sync_completed", "ss_sso_info");
    }

    @Test
    void usesEveryCategoryTheIssueAsksFor() {
        Set<Category> used = new HashSet<>();
        catalogue.all().forEach(c -> used.add(c.category()));

        assertThat(used).containsExactlyInAnyOrder(Arrays.stream(Category.values()).filter(c -> c != Category.UNKNOWN).toArray(Category[]::new));
    }

    // ---- unknown codes -----------------------------------------------------------------------

    @Test
    void mapsAnUnknownCodeToTheUnknownCategoryAndCountsIt() {
        EventCatalogue c = EventCatalogue.bundled();

        EventCode e = c.lookup("brand_new_2027");
        c.lookup("brand_new_2027");
        c.lookup("another_one");
        c.lookup("s");
        c.knows("not_counted");

        assertThat(e.code()).isEqualTo("brand_new_2027");
        assertThat(e.known()).isFalse();
        assertThat(e.category()).isEqualTo(Category.UNKNOWN);
        assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(e.retentionClass()).as("nothing unclassified is deleted early").isEqualTo(RetentionClass.SECURITY);
        assertThat(e.signals()).isEmpty();
        assertThat(c.unknownCodesSeen()).isEqualTo(Map.of("brand_new_2027", 2L, "another_one", 1L));
        assertThat(c.unknownCodesOverflow()).isZero();
    }

    @Test
    void boundsTheCountsOfUnknownCodesAndStillCountsTheRest() {
        EventCatalogue c = EventCatalogue.bundled();

        for (int i = 0; i < EventCatalogue.MAX_TRACKED_UNKNOWN + 250; i++) {
            assertThat(c.lookup("junk-" + i).category()).isEqualTo(Category.UNKNOWN);
        }
        c.lookup("junk-0");

        assertThat(c.unknownCodesSeen()).hasSize(EventCatalogue.MAX_TRACKED_UNKNOWN).containsEntry("junk-0", 2L);
        assertThat(c.unknownCodesOverflow()).isEqualTo(250);
    }
}
