package io.authstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KnownNoiseFilterTest {
    private final LoggerContext context = new LoggerContext();
    private final KnownNoiseFilter filter = new KnownNoiseFilter();

    private FilterReply warn(String logger, String format, Object... params) {
        return filter.decide(null, context.getLogger(logger), Level.WARN, format, params, null);
    }

    @Test
    void dropsTheMetadataWarningOfATopicThatWasJustCreated() {
        String format = "[Consumer clientId=a, groupId=b] The metadata response from the cluster reported a recoverable issue "
                + "with correlation id {} : {}";
        assertThat(warn("org.apache.kafka.clients.NetworkClient", format, 2, Map.of("auth0-log-events", "UNKNOWN_TOPIC_OR_PARTITION")))
                .isEqualTo(FilterReply.DENY);
        assertThat(warn("org.apache.kafka.clients.NetworkClient", format, 3, Map.of("t", "LEADER_NOT_AVAILABLE")))
                .isEqualTo(FilterReply.DENY);
    }

    @Test
    void keepsMetadataWarningsThatNameAnyOtherError() {
        String format = "The metadata response from the cluster reported a recoverable issue with correlation id {} : {}";
        assertThat(warn("org.apache.kafka.clients.NetworkClient", format, 2, Map.of("t", "TOPIC_AUTHORIZATION_FAILED")))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(warn("org.apache.kafka.clients.NetworkClient", format, 2,
                Map.of("a", "UNKNOWN_TOPIC_OR_PARTITION", "b", "TOPIC_AUTHORIZATION_FAILED"))).isEqualTo(FilterReply.NEUTRAL);
    }

    @Test
    void keepsEveryOtherWarningOfTheSameLoggers() {
        assertThat(warn("org.apache.kafka.clients.NetworkClient",
                "[Producer clientId=p] Connection to node {} ({}) could not be established. Node may not be available.", 1, "x"))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(warn("org.apache.kafka.streams.StreamsConfig", "Some other configuration warning")).isEqualTo(FilterReply.NEUTRAL);
        assertThat(warn("org.apache.kafka.server.DefaultAutoTopicCreationManager", "Auto topic creation failed for {} with error '{}'",
                "t", "POLICY_VIOLATION")).isEqualTo(FilterReply.NEUTRAL);
    }

    @Test
    void dropsTheOtherKnownStartAndStopLines() {
        assertThat(warn("org.apache.kafka.server.DefaultAutoTopicCreationManager", "Auto topic creation failed for {} with error '{}': {}",
                "__consumer_offsets", "TOPIC_ALREADY_EXISTS", "exists")).isEqualTo(FilterReply.DENY);
        assertThat(warn("org.apache.kafka.streams.StreamsConfig", "Processing exception handler is not enabled for the GlobalThread. "
                + "It's recommended to set ...")).isEqualTo(FilterReply.DENY);
        assertThat(warn("org.apache.kafka.clients.NetworkClient", "[x] Attempting to close NetworkClient that has already been closed."))
                .isEqualTo(FilterReply.DENY);
    }

    @Test
    void bothLogFormatsInstallIt() throws Exception {
        for (String resource : new String[] {"logback.xml", "logback-json.xml"}) {
            LoggerContext c = new LoggerContext();
            JoranConfigurator j = new JoranConfigurator();
            j.setContext(c);
            j.doConfigure(getClass().getClassLoader().getResource(resource));
            assertThat(c.getTurboFilterList()).as(resource).hasAtLeastOneElementOfType(KnownNoiseFilter.class);
            c.stop();
        }
    }

    @Test
    void neverTouchesOtherLevels() {
        assertThat(filter.decide(null, context.getLogger("org.apache.kafka.clients.NetworkClient"), Level.ERROR,
                "The metadata response from the cluster reported a recoverable issue {}", new Object[] {"UNKNOWN_TOPIC_OR_PARTITION"}, null))
                .isEqualTo(FilterReply.NEUTRAL);
    }
}
