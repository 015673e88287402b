package io.authstream.analyzer.business;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.schemas.catalogue.EventCatalogue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class TenantCountersTest {
    private static final String TOPIC = "auth0-log-events";
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private long offset;

    private TenantCounters counters(int maxPairs) {
        return new TenantCounters(registry, EventCatalogue.bundled(), maxPairs);
    }

    private void send(TenantCounters c, String code, String tenant, String client) {
        c.count(TOPIC, 0, offset++, code, tenant, client);
    }

    private double count(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void countsLoginsPerTenantClientAndOutcome() {
        TenantCounters c = counters(100);
        send(c, "s", "acme", "app-1");
        send(c, "s", "acme", "app-1");
        send(c, "f", "acme", "app-1");
        send(c, "s", "globex", "app-2");
        assertThat(count("authstream.tenant.logins", "tenant", "acme", "client", "app-1", "outcome", "success")).isEqualTo(2);
        assertThat(count("authstream.tenant.logins", "tenant", "acme", "client", "app-1", "outcome", "failure")).isEqualTo(1);
        assertThat(count("authstream.tenant.logins", "tenant", "globex", "client", "app-2", "outcome", "success")).isEqualTo(1);
    }

    @Test
    void countsSignupsMfaChallengesAndRateLimitHits() {
        TenantCounters c = counters(100);
        send(c, "ss", "acme", "app-1");
        send(c, "gd_auth_failed", "acme", "app-1");
        send(c, "api_limit", "acme", "m2m");
        assertThat(count("authstream.tenant.signups", "tenant", "acme", "outcome", "success")).isEqualTo(1);
        assertThat(count("authstream.tenant.mfa.challenges", "tenant", "acme", "outcome", "failure")).isEqualTo(1);
        assertThat(count("authstream.tenant.rate.limit.hits", "tenant", "acme", "client", "m2m", "type", "api_limit")).isEqualTo(1);
    }

    @Test
    void aReplayedOffsetIsNotCountedAgain() {
        TenantCounters c = counters(100);
        c.count(TOPIC, 0, 10, "s", "acme", "app-1");
        c.count(TOPIC, 0, 11, "s", "acme", "app-1");
        // an aborted transaction: Streams processes offsets 10 and 11 again
        c.count(TOPIC, 0, 10, "s", "acme", "app-1");
        c.count(TOPIC, 0, 11, "s", "acme", "app-1");
        c.count(TOPIC, 1, 10, "s", "acme", "app-1");
        assertThat(count("authstream.tenant.logins", "tenant", "acme", "outcome", "success"))
                .as("partition 0 counted once, partition 1 on its own").isEqualTo(3);
    }

    @Test
    void clientsPastTheCapCountAsOtherAndTheOverflowIsCounted() {
        TenantCounters c = counters(2);
        send(c, "s", "acme", "app-1");
        send(c, "s", "acme", "app-2");
        send(c, "s", "acme", "app-3");
        send(c, "f", "acme", "app-4");
        send(c, "s", "acme", "app-1");
        assertThat(count("authstream.tenant.logins", "tenant", "acme", "client", "app-1", "outcome", "success")).isEqualTo(2);
        assertThat(count("authstream.tenant.logins", "tenant", "acme", "client", "other", "outcome", "success")).isEqualTo(1);
        assertThat(count("authstream.tenant.logins", "tenant", "acme", "client", "other", "outcome", "failure")).isEqualTo(1);
        assertThat(registry.find("authstream.tenant.logins").tag("client", "app-3").counter()).isNull();
        assertThat(count("authstream.tenant.clients.overflowed")).isEqualTo(2);
    }

    @Test
    void eventsWithoutClientOrTenantAreLabelledNone() {
        TenantCounters c = counters(100);
        send(c, "f", null, null);
        assertThat(count("authstream.tenant.logins", "tenant", "(none)", "client", "(none)", "outcome", "failure")).isEqualTo(1);
    }

    @Test
    void codesOutsideEveryMeasureCreateNoSeries() {
        TenantCounters c = counters(100);
        send(c, "sapi", "acme", "app-1");
        send(c, "no_such_code", "acme", "app-1");
        assertThat(registry.find("authstream.tenant.logins").counters()).isEmpty();
        assertThat(registry.find("authstream.tenant.signups").counters()).isEmpty();
    }
}
