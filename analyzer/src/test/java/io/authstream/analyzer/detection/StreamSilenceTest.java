package io.authstream.analyzer.detection;

import static io.authstream.analyzer.stream.Fixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.analyzer.stream.Fixture;
import io.authstream.schemas.record.Alert;
import io.authstream.schemas.record.AlertState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamSilenceTest {
    private final Fixture f = Fixture.defaults();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void firesAfterFifteenQuietMinutesAndResolvesWhenEventsReturn() {
        f.send("s", T0, "user_name", "a");
        f.advanceWallClock(Duration.ofMinutes(10));
        assertThat(f.newAlerts("stream-silence")).noneMatch(a -> a.stream().equals("prod"));
        f.advanceWallClock(Duration.ofMinutes(6));
        List<Alert> fired = f.newAlerts("stream-silence").stream().filter(a -> a.stream().equals("prod")).toList();
        assertThat(fired).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(AlertState.FIRING);
            assertThat(a.tenant()).isEqualTo("acme");
            assertThat(a.runbook()).contains("Health");
        });
        f.advanceWallClock(Duration.ofMinutes(10));
        assertThat(f.newAlerts("stream-silence")).isEmpty(); // one silence, one alert
        f.send("s", T0.plus(Duration.ofMinutes(26)), "user_name", "a");
        assertThat(f.newAlerts("stream-silence")).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(AlertState.RESOLVED);
            assertThat(a.id()).isEqualTo(fired.get(0).id());
        });
    }

    @Test
    void watchesAConfiguredStreamBeforeItsFirstEvent() {
        try (Fixture g = new Fixture(Map.of("analyzer.detections.stream-silence.streams", "acme/quiet"))) {
            g.advanceWallClock(Duration.ofSeconds(1));
            g.advanceWallClock(Duration.ofMinutes(14));
            assertThat(g.newAlerts("stream-silence")).isEmpty();
            g.advanceWallClock(Duration.ofMinutes(2));
            assertThat(g.newAlerts("stream-silence")).singleElement().satisfies(a -> {
                assertThat(a.stream()).isEqualTo("quiet");
                assertThat(a.tenant()).isEqualTo("acme");
            });
        }
    }

    @Test
    void measuresSilenceFromIngestsReceivedAtTime() {
        java.time.Instant received = T0.minus(Duration.ofMinutes(14));
        f.sendRaw("r1", io.authstream.analyzer.Events.event("r1", "s", T0), "acme", "late", received.toString());
        f.advanceWallClock(Duration.ofMinutes(2));
        assertThat(f.newAlerts("stream-silence")).singleElement().satisfies(a -> assertThat(a.stream()).isEqualTo("late"));
    }

}
