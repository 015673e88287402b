package io.authstream.embedded.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstream.embedded.emulator.RecallLabel.Placement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecallScoreTest {
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    private static RecallLabel label(String rule, String subject, Placement p) {
        return new RecallLabel(rule, subject == null ? Set.of() : Set.of(subject), Duration.ofMinutes(10), 5, p,
                new int[] {1, 2, 3, 4, 5}, 5, T, T.plusSeconds(240));
    }

    private static ObservedAlert alert(String id, String rule, String state, Map<String, String> group, Instant window,
                                       long emittedMs) {
        return new ObservedAlert(id, rule, state, group, window, Instant.ofEpochMilli(emittedMs));
    }

    @Test
    void countsAnAttackDetectedOnlyByAFiringAlertOfItsRuleNamingItsSubjectNearItsEvents() {
        RecallScore s = new RecallScore();
        s.add(new RecallScore.Played(1, label("brute-force", "bob@example.com", Placement.RANDOM), 1_000));
        s.add(new RecallScore.Played(1, label("brute-force", "eve@example.com", Placement.BOUNDARY), 1_000));
        s.add(new RecallScore.Played(1, label("failure-spike", null, Placement.RANDOM), 5_000));
        List<ObservedAlert> alerts = List.of(
                alert("a", "brute-force", "firing", Map.of("user", "bob@example.com"), T, 1_300),
                alert("a", "brute-force", "resolved", Map.of("user", "bob@example.com"), T, 9_000),
                alert("b", "brute-force", "updated", Map.of("user", "eve@example.com"), T, 1_100), // not a FIRING
                alert("c", "credential-stuffing", "firing", Map.of("ip", "eve@example.com"), T, 1_100), // other rule
                alert("d", "failure-spike", "firing", Map.of(), T.minus(Duration.ofHours(2)), 6_000), // far from it
                alert("e", "failure-spike", "firing", Map.of(), T.plusSeconds(60), 5_400));
        RecallScore.Report r = s.score(alerts);
        assertThat(r.rows()).extracting(RecallScore.Row::rule)
                .containsExactly("brute-force", "credential-stuffing", "failure-spike");
        assertThat(r.rows().get(0)).isEqualTo(new RecallScore.Row("brute-force", 2, 1, 1, 0, 300L, 300L));
        assertThat(r.rows().get(1)).isEqualTo(new RecallScore.Row("credential-stuffing", 0, 0, 0, 1, null, null));
        assertThat(r.rows().get(2)).isEqualTo(new RecallScore.Row("failure-spike", 1, 1, 0, 1, 400L, 400L));
        assertThat(r.total()).isEqualTo(new RecallScore.Row("all", 3, 2, 1, 2, 300L, 400L));
        assertThat(r.missed()).singleElement().asString().contains("brute-force boundary eve@example.com");
        assertThat(r.render()).contains("| brute-force | 2 | 1 | 50 % | 1 | 0 | 300 ms | 300 ms |");
        assertThat(s.allDetected(alerts)).isFalse();
    }

    @Test
    void takesNearestRankPercentiles() {
        assertThat(RecallScore.percentile(List.of(5L, 1L, 3L, 2L, 4L), 0.5)).isEqualTo(3L);
        assertThat(RecallScore.percentile(List.of(5L, 1L, 3L, 2L, 4L), 0.99)).isEqualTo(5L);
        assertThat(RecallScore.percentile(List.of(), 0.5)).isNull();
    }
}
