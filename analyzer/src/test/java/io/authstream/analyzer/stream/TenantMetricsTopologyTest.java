package io.authstream.analyzer.stream;

import static io.authstream.analyzer.stream.Fixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.analyzer.Events;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The business counters in the real topology: fed by the classify stage, capped by configuration. */
class TenantMetricsTopologyTest {
    private Fixture f = Fixture.defaults();

    @AfterEach
    void close() {
        f.close();
    }

    private double logins(String tenant, String client, String outcome) {
        return f.metrics().count("authstream.tenant.logins", "tenant", tenant, "client", client, "outcome", outcome);
    }

    @Test
    void theClassifyStageCountsLoginsPerTenantAndClient() {
        f.sendFrom("acme", "prod", "s", T0, "client_id", "web");
        f.sendFrom("acme", "prod", "f", T0.plusSeconds(1), "client_id", "web");
        f.sendFrom("globex", "main", "s", T0.plusSeconds(2), "client_id", "web");
        f.sendFrom("acme", "prod", "ss", T0.plusSeconds(3), "client_id", "web");
        assertThat(logins("acme", "web", "success")).isEqualTo(1);
        assertThat(logins("acme", "web", "failure")).isEqualTo(1);
        assertThat(logins("globex", "web", "success")).isEqualTo(1);
        assertThat(f.metrics().count("authstream.tenant.signups", "tenant", "acme", "client", "web", "outcome", "success"))
                .isEqualTo(1);
    }

    @Test
    void aRedeliveredEventIsANewRecordAndCountsAgainButEachRecordOnce() {
        // the same log_id twice on the topic (Auth0 redelivered it past ingest's dedup): two records, two counts
        f.sendRaw("900201", Events.event("900201", "s", T0, "client_id", "web"), "acme", "prod");
        f.sendRaw("900201", Events.event("900201", "s", T0, "client_id", "web"), "acme", "prod");
        assertThat(logins("acme", "web", "success")).isEqualTo(2);
    }

    @Test
    void theConfiguredCapSendsFurtherClientsToOther() {
        f.close();
        f = new Fixture(Map.of("analyzer.tenant-metrics.max-pairs", "1"));
        f.sendFrom("acme", "prod", "s", T0, "client_id", "web");
        f.sendFrom("acme", "prod", "s", T0.plusSeconds(1), "client_id", "mobile");
        assertThat(logins("acme", "web", "success")).isEqualTo(1);
        assertThat(logins("acme", "other", "success")).isEqualTo(1);
        assertThat(f.metrics().count("authstream.tenant.clients.overflowed")).isEqualTo(1);
    }
}
