package io.authstream.analyzer.detection;

import static io.authstream.analyzer.stream.Fixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.analyzer.stream.Fixture;
import io.authstream.schemas.record.AlertState;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** An attacker who sprays distinct IPs cannot grow a rule's state past its cap, nor hide a real attack in the noise. */
class GroupCapTest {
    private static final String RULE = "credential-stuffing";

    @Test
    void manyDistinctIpsStayWithinTheCapAndARealAttackAmongThemStillFires() {
        try (Fixture f = new Fixture(Map.of("analyzer.detections.credential-stuffing.max-groups", "100"))) {
            KeyValueStore<String, byte[]> groups = f.driver().getKeyValueStore(RULE + "-groups");
            long max = 0;
            int attacks = 0;
            for (int i = 0; i < 5000; i++) {
                f.send("fp", T0.plusMillis(i * 100L), "ip", "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255),
                        "user_name", "spray" + i);
                if (i % 20 == 0 && attacks < 20) {
                    f.send("fp", T0.plusMillis(i * 100L + 1), "ip", "203.0.113.66", "user_name", "victim" + attacks++);
                }
                max = Math.max(max, groups.approximateNumEntries());
            }
            assertThat(max).as("groups tracked at any time").isLessThanOrEqualTo(100);
            assertThat(f.metrics().count("authstream.analyzer.groups.evicted", "rule", RULE)).isGreaterThan(4000);
            assertThat(f.newAlerts(RULE)).singleElement().satisfies(a -> {
                assertThat(a.state()).isEqualTo(AlertState.FIRING);
                assertThat(a.group()).containsEntry("ip", "203.0.113.66");
                assertThat(a.count()).isEqualTo(20);
            });
        }
    }

    @Test
    void withoutPressureNothingIsEvicted() {
        try (Fixture f = new Fixture(Map.of("analyzer.detections.credential-stuffing.max-groups", "100"))) {
            for (int i = 0; i < 100; i++) {
                f.send("fp", T0.plusMillis(i), "ip", "10.0.0." + i, "user_name", "u" + i);
            }
            assertThat(f.metrics().count("authstream.analyzer.groups.evicted", "rule", RULE)).isZero();
            assertThat(f.driver().getKeyValueStore(RULE + "-groups").approximateNumEntries()).isEqualTo(100);
        }
    }
}
