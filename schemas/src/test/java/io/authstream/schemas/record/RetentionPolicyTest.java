package io.authstream.schemas.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstream.schemas.catalogue.RetentionClass;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    @Test
    void fillsMissingClassesWithDefaults() {
        RetentionPolicy p = RetentionPolicy.parse("version: v1\nclasses: {activity: 60d}\n");
        assertThat(p.maxAge()).containsEntry(RetentionClass.ACTIVITY, Duration.ofDays(60))
                .containsEntry(RetentionClass.SECURITY, Duration.ofDays(400))
                .containsEntry(RetentionClass.NOISE, Duration.ofDays(30));
        assertThat(p.grace()).isEqualTo(Duration.ofDays(1));
        assertThat(p.minimumAge()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void readsJsonAsWellAsYaml() {
        RetentionPolicy p = RetentionPolicy.parse("{\"version\":\"j\",\"grace\":\"12h\",\"tenants\":{\"acme\":{\"noise\":\"14d\"}}}");
        assertThat(p.grace()).isEqualTo(Duration.ofHours(12));
        assertThat(p.limit(RetentionClass.NOISE, "acme")).isEqualTo(Duration.ofDays(14));
        assertThat(p.limit(RetentionClass.NOISE, "other")).isEqualTo(Duration.ofDays(30));
        assertThat(p.limit(RetentionClass.ACTIVITY, "acme")).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void cutoffIsLimitPlusGraceButNeverYoungerThanMinimumAge() {
        RetentionPolicy p = new RetentionPolicy("v", Map.of(RetentionClass.NOISE, Duration.ofDays(2)), Map.of(),
                Duration.ofDays(2), Duration.ZERO);
        assertThat(p.cutoff(RetentionClass.NOISE, null, NOW)).isEqualTo(NOW.minus(Duration.ofDays(2)));
        assertThat(RetentionPolicy.defaults().cutoff(RetentionClass.ACTIVITY, null, NOW)).isEqualTo(NOW.minus(Duration.ofDays(91)));
    }

    @Test
    void earliestCutoffHonoursTheLongestTenantOverride() {
        RetentionPolicy p = RetentionPolicy.parse("version: v\ntenants: {keep-long: {activity: 200d}, short: {activity: 10d}}");
        assertThat(p.earliestCutoff(RetentionClass.ACTIVITY, NOW)).isEqualTo(NOW.minus(Duration.ofDays(201)));
    }

    @Test
    void reportsEveryProblemWithItsKeyInOneMessage() {
        assertThatThrownBy(() -> RetentionPolicy.parse("""
                classes: {activity: 90, bogus: 3d, noise: 2d}
                grace: soon
                colour: red
                """))
                .isInstanceOf(RetentionPolicy.InvalidPolicyException.class)
                .hasMessageContaining("unknown key 'colour'")
                .hasMessageContaining("classes.activity must name its unit, e.g. '90d'")
                .hasMessageContaining("classes.bogus is not a retention class")
                .hasMessageContaining("grace must be a duration like")
                .satisfies(e -> assertThat(((RetentionPolicy.InvalidPolicyException) e).problems()).hasSize(4));
    }

    @Test
    void rejectsALimitBelowTheMinimumAgeAndAMissingVersion() {
        assertThatThrownBy(() -> RetentionPolicy.parse("classes: {noise: 2d}"))
                .hasMessageContaining("version must be set")
                .hasMessageContaining("classes.noise (2d) is below minimum-age (7d)");
    }

    @Test
    void rejectsImplausiblyLongLimits() {
        assertThatThrownBy(() -> RetentionPolicy.parse("version: v\ntenants: {a: {security: 40000d}}"))
                .hasMessageContaining("tenants.a.security (40000d) is longer than 3660d");
    }

    @Test
    void roundTripsThroughItsJsonForm() {
        RetentionPolicy p = RetentionPolicy.parse("version: v9\nminimum-age: 1d\ngrace: 6h\ntenants: {t1: {security: 800d}}");
        assertThat(RetentionPolicy.parse(p.toJson())).isEqualTo(p);
    }
}
