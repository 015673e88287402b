package io.authstream.analyzer.detection.tamper;

import static io.authstream.analyzer.stream.Fixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.analyzer.stream.Fixture;
import io.authstream.schemas.record.AlertSeverity;
import io.authstream.schemas.record.AlertState;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TenantMembershipTest {
    private static final String RULE = TenantMembership.NAME;
    private static final String TAKEOVER = TenantMembership.TAKEOVER;
    private final Fixture f = Fixture.defaults();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void invitingAnOwnerFiresWithTheInvitee() {
        Sapi.send(f, "tm-owner-invited");
        assertThat(Sapi.firing(f, RULE)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(AlertSeverity.HIGH);
            assertThat(a.details()).containsEntry("change", "owner invited")
                    .containsEntry("changed", "invitees=eve.mallory@gmail.com roles=owner");
        });
    }

    @Test
    void anInvitationFollowedByTwoRemovalsWithin24HoursIsOneCriticalTakeoverCitingTheChain() {
        String invite = Sapi.send(f, "tm-owner-invited");
        String r1 = Sapi.send(f, "tm-member-removed-1");
        assertThat(f.newAlerts(TAKEOVER)).isEmpty();
        String r2 = Sapi.send(f, "tm-member-removed-2");
        assertThat(Sapi.firing(f, TAKEOVER)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(AlertSeverity.CRITICAL);
            assertThat(a.details()).containsEntry("invitation_log_ids", invite).containsEntry("removal_log_ids", r1 + "," + r2);
            assertThat(a.sampleLogIds()).containsExactly(invite, r1, r2);
            assertThat(a.summary()).contains("Possible tenant takeover of acme");
        });
        Sapi.send(f, "tm-member-removed-1", T0.plusSeconds(1800), "90020261127100000000000000000000000000000000000000000099");
        assertThat(f.firing(f.newAlerts(TAKEOVER))).isEmpty();
    }

    @Test
    void removalsWithoutAPriorInvitationAreNoTakeover() {
        Sapi.send(f, "tm-member-removed-1");
        Sapi.send(f, "tm-member-removed-2");
        assertThat(f.newAlerts(TAKEOVER)).isEmpty();
        Sapi.send(f, "tm-owner-invited", T0.plusSeconds(3600), "90020261127100000000000000000000000000000000000000000098");
        assertThat(f.newAlerts(TAKEOVER)).isEmpty();
    }

    @Test
    void removalsMoreThan24HoursAfterTheInvitationAreNoTakeover() {
        Sapi.send(f, "tm-owner-invited");
        Sapi.send(f, "tm-member-removed-1", T0.plus(Duration.ofHours(25)), "90020261128110000000000000000000000000000000000000000001");
        Sapi.send(f, "tm-member-removed-2", T0.plus(Duration.ofHours(25)).plusSeconds(60),
                "90020261128110000000000000000000000000000000000000000002");
        assertThat(f.newAlerts(TAKEOVER)).isEmpty();
    }

    @Test
    void theTakeoverAlertResolvesAfterItsHour() {
        Sapi.send(f, "tm-owner-invited");
        Sapi.send(f, "tm-member-removed-1");
        Sapi.send(f, "tm-member-removed-2");
        assertThat(Sapi.firing(f, TAKEOVER)).hasSize(1);
        f.advanceWallClock(Duration.ofMinutes(61));
        assertThat(f.newAlerts(TAKEOVER)).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(AlertState.RESOLVED);
            assertThat(a.details()).containsKey("chain");
        });
    }

    @Test
    void anAdminLikeRoleFiresAndAnOrdinaryRoleDoesNot() {
        Sapi.send(f, "tm-admin-role-created");
        assertThat(Sapi.firing(f, RULE)).singleElement().satisfies(a ->
                assertThat(a.details()).containsEntry("change", "admin-like role created").containsEntry("changed", "name=Tenant Admins"));
        Sapi.send(f, "tm-support-role-created");
        assertThat(f.newAlerts()).isEmpty();
    }

    @Test
    void grantingManagementApiWritePermissionsToARoleFiresWithOnlyTheWriteScopes() {
        Sapi.send(f, "tm-role-granted-write");
        assertThat(Sapi.firing(f, RULE)).singleElement().satisfies(a ->
                assertThat(a.details()).containsEntry("changed", "permissions+=update:users"));
    }
}
