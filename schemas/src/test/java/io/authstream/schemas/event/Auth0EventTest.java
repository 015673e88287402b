package io.authstream.schemas.event;

import static io.authstream.schemas.event.Events.minimal;
import static io.authstream.schemas.event.Events.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class Auth0EventTest {

    @Test
    void exposesTheCommonFieldsOfACurrentStreamEvent() {
        Auth0Event e = Auth0Event.parse(Events.realistic().get(3)); // fp, 2024 stream shape

        assertThat(e.logId()).isEqualTo("90020240612101530123456000000000000001223372036854775807");
        assertThat(e.type()).isEqualTo("fp");
        assertThat(e.date()).isEqualTo(Instant.parse("2024-06-12T10:15:30.123Z"));
        assertThat(e.description()).contains("Wrong email or password.");
        assertThat(e.clientId()).contains("kP3mZr8TnV2xW5yQ9aB7cD1eF4gH6jK0");
        assertThat(e.clientName()).contains("Storefront");
        assertThat(e.connection()).contains("Username-Password-Authentication");
        assertThat(e.connectionId()).contains("con_Qw3rTy12AbCdEf45");
        assertThat(e.ip()).contains("2001:db8::17");
        assertThat(e.userId()).contains("auth0|65f0c1d2e3a4b5c6d7e8f901");
        assertThat(e.userName()).contains("ben@example.com");
        assertThat(e.userAgent()).contains("Chrome 125.0.0 / Mac OS X 10.15.7");
        assertThat(e.hostname()).contains("login.example.com");
        assertThat(e.tenant()).contains("example-prod");
        assertThat(e.environment()).contains("prod-eu-1");
        assertThat(e.strategy()).contains("auth0");
        assertThat(e.strategyType()).contains("database");
        assertThat(e.isMobile()).contains(false);
        assertThat(e.details().path("error").path("message").asText()).isEqualTo("Wrong email or password.");
        assertThat(e.text("security_context")).isEmpty();
        assertThat(e.data().path("security_context").path("ja4").asText()).startsWith("t13d");
    }

    @Test
    void leavesTenantAndEnvironmentEmptyOnOldStreamEventsThatLackThem() {
        Auth0Event e = Auth0Event.parse(Events.realistic().get(0)); // s, 2021 stream shape

        assertThat(e.tenant()).isEmpty();
        assertThat(e.environment()).isEmpty();
        assertThat(e.description()).isEmpty();
        assertThat(e.isMobile()).isEmpty();
        assertThat(e.details().path("prompts").size()).isEqualTo(2);
    }

    @Test
    void readsScopeAsAnArrayOrAsASpaceSeparatedString() {
        assertThat(Auth0Event.parse(Events.realistic().get(1)).scopes()).containsExactly("openid", "profile");
        assertThat(Auth0Event.parse(Events.realistic().get(4)).scopes()).containsExactly("read:logs", "read:logs_users");
        assertThat(scopes(",\"scope\":\"  a   b \"")).containsExactly("a", "b");
        assertThat(scopes(",\"scope\":[\"a\",\"\",7,null,\"b\"]")).containsExactly("a", "b");
        assertThat(scopes(",\"scope\":\"\"")).isEmpty();
        assertThat(scopes(",\"scope\":{}")).isEmpty();
        assertThat(scopes("")).isEmpty();
    }

    private static List<String> scopes(String extra) {
        return Auth0Event.parse(utf8(minimal(extra))).scopes();
    }

    @Test
    void readsIsMobileInEitherSpelling() {
        assertThat(Auth0Event.parse(utf8(minimal(",\"is_mobile\":true"))).isMobile()).contains(true);
        assertThat(Auth0Event.parse(utf8(minimal(",\"isMobile\":true"))).isMobile()).contains(true);
        assertThat(Auth0Event.parse(Events.realistic().get(5)).isMobile()).contains(false); // sapi, pull shape
        assertThat(Auth0Event.parse(utf8(minimal(",\"isMobile\":\"yes\""))).isMobile()).isEmpty();
    }

    @Test
    void treatsEmptyNullAndNonTextFieldsAsAbsent() {
        Auth0Event e = Auth0Event.parse(utf8(minimal(",\"user_id\":\"\",\"client_id\":null,\"ip\":42,\"details\":null")));

        assertThat(e.userId()).isEmpty();
        assertThat(e.clientId()).isEmpty();
        assertThat(e.ip()).isEmpty();
        assertThat(e.details().isNull()).isTrue();
        assertThat(Auth0Event.parse(utf8(minimal(""))).details().isMissingNode()).isTrue();
    }

    @Test
    void keepsTheOriginalBytesUntouched() {
        String json = "{ \"data\" : {\"type\":\"s\",  \"date\":\"2024-01-15T12:30:00+02:00\", \"user_name\":\"zo\\u00eb \u00e9\"},\n"
                + "  \"log_id\" : \"x1\", \"extra\": 1.50 }";
        byte[] raw = utf8(json);

        Auth0Event e = Auth0Event.parse(raw);
        raw[0] = 'X';
        byte[] copy = e.raw();
        copy[1] = 'Y';

        assertThat(new String(e.raw(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(json);
        assertThat(e.userName()).contains("zo\u00eb \u00e9");
        assertThat(e.date()).isEqualTo(Instant.parse("2024-01-15T10:30:00Z"));
    }

    @Test
    void buildsTheViewFromAnAlreadyValidatedEnvelope() {
        byte[] raw = Events.realistic().get(7);
        Envelope env = ((EnvelopeResult.Valid) new EnvelopeParser().validate(raw)).envelope();

        Auth0Event e = Auth0Event.parse(env, raw);

        assertThat(e.envelope()).isSameAs(env);
        assertThat(e.type()).isEqualTo("api_limit");
        assertThat(e.details().path("limit").path("bucket").asText()).isEqualTo("per_tenant");
        assertThatThrownBy(() -> Auth0Event.parse(env, utf8("{\"log_id\":")))
                .isInstanceOf(InvalidEventException.class).hasMessageStartingWith("event is not valid JSON: Unexpected end-of-input");
    }

    @Test
    void printsIdentityCodeAndTimeOnly() {
        Auth0Event e = Auth0Event.parse(Events.realistic().get(3));

        assertThat(e.toString()).isEqualTo("Auth0Event[90020240612101530123456000000000000001223372036854775807 fp 2024-06-12T10:15:30.123Z]")
                .doesNotContain("ben@example.com");
    }
}
