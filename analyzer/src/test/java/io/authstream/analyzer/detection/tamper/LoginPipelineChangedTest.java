package io.authstream.analyzer.detection.tamper;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.analyzer.stream.Fixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoginPipelineChangedTest {
    private static final String RULE = LoginPipelineChanged.NAME;
    private final Fixture f = Fixture.defaults();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void bindingActionsToPostLoginFiresWithTheBoundActions() {
        Sapi.send(f, "pl-post-login-bindings");
        assertThat(Sapi.firing(f, RULE)).singleElement().satisfies(a -> {
            assertThat(a.group()).containsEntry("target", "trigger:post-login");
            assertThat(a.details()).containsEntry("change", "bindings changed")
                    .containsEntry("changed", "bindings=[sync-crm,enforce-mfa]");
        });
    }

    @Test
    void bindingsOfATriggerOutsideTheLoginPipelineAreQuiet() {
        Sapi.send(f, "pl-post-change-password-bindings");
        assertThat(f.newAlerts()).isEmpty();
    }

    @Test
    void deployingAPostLoginActionFires() {
        Sapi.send(f, "pl-action-deployed");
        assertThat(Sapi.firing(f, RULE)).singleElement().satisfies(a ->
                assertThat(a.details()).containsEntry("change", "action deployed")
                        .containsEntry("changed", "action=sync-crm triggers=post-login"));
    }

    @Test
    void installingAnIntegrationFires() {
        Sapi.send(f, "pl-integration-installed");
        assertThat(Sapi.firing(f, RULE)).singleElement().satisfies(a ->
                assertThat(a.details()).containsEntry("change", "integration installed"));
    }
}
