package io.authstream.schemas.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstream.schemas.catalogue.RetentionClass;
import io.authstream.schemas.index.IndexLayout.EventIndex;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IndexLayoutTest {
    private final IndexLayout layout = IndexLayout.defaults();

    private static Instant day(String date) {
        return LocalDate.parse(date).atTime(12, 0).toInstant(ZoneOffset.UTC);
    }

    @ParameterizedTest
    @CsvSource({
            "security, 2026-11-27, auth0-logs-security-2026.11",
            "activity, 2026-11-27, auth0-logs-activity-2026w48",
            "noise,    2026-11-27, auth0-logs-noise-2026w48",
            // ISO week-based years around New Year
            "activity, 2026-12-31, auth0-logs-activity-2026w53",
            "activity, 2027-01-01, auth0-logs-activity-2026w53",
            "activity, 2027-01-03, auth0-logs-activity-2026w53",
            "activity, 2027-01-04, auth0-logs-activity-2027w01",
            "activity, 2024-12-30, auth0-logs-activity-2025w01",
            "activity, 2021-01-03, auth0-logs-activity-2020w53",
            "security, 2026-12-31, auth0-logs-security-2026.12",
            "security, 2027-01-01, auth0-logs-security-2027.01"})
    void routesAnEventByClassAndEventDate(String retentionClass, String date, String index) {
        assertThat(layout.eventIndex(RetentionClass.fromId(retentionClass), day(date))).isEqualTo(index);
    }

    @Test
    void routesByTheUtcDateOfTheEvent() {
        Instant lateEveningInNewYork = Instant.parse("2026-12-01T03:30:00Z"); // 2026-11-30T22:30-05:00

        assertThat(layout.eventIndex(RetentionClass.SECURITY, lateEveningInNewYork)).isEqualTo("auth0-logs-security-2026.12");
        assertThat(layout.eventIndex(RetentionClass.SECURITY, Instant.parse("2026-11-30T23:59:59.999Z"))).isEqualTo("auth0-logs-security-2026.11");
    }

    @Test
    void namesAlertAuditAndHoldIndices() {
        assertThat(layout.alertIndex(day("2026-11-27"))).isEqualTo("auth0-alerts-2026.11");
        assertThat(layout.auditIndex(day("2026-11-27"))).isEqualTo("auth0-audit-2026");
        assertThat(layout.holdIndex("Case 7/B")).isEqualTo("auth0-hold-case-7-b");
        assertThat(layout.eventIndexPattern()).isEqualTo("auth0-logs-*");
        assertThat(layout.alertIndexPattern()).isEqualTo("auth0-alerts-*");
        assertThat(layout.auditIndexPattern()).isEqualTo("auth0-audit-*");
        assertThat(layout.holdIndexPattern()).isEqualTo("auth0-hold-*");
        assertThatThrownBy(() -> layout.holdIndex(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> layout.holdIndex("c".repeat(65))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesEveryEventIndexItNamesBackToClassPeriodAndDays() {
        for (RetentionClass c : RetentionClass.values()) {
            for (LocalDate d = LocalDate.of(2019, 12, 1); d.isBefore(LocalDate.of(2031, 2, 1)); d = d.plusDays(1)) {
                String name = layout.eventIndex(c, d.atStartOfDay().toInstant(ZoneOffset.UTC));
                EventIndex parsed = layout.parseEventIndex(name).orElseThrow(() -> new AssertionError("cannot parse"));

                assertThat(parsed.name()).isEqualTo(name);
                assertThat(parsed.retentionClass()).isEqualTo(c);
                assertThat(parsed.period()).isEqualTo(layout.period(c));
                assertThat(parsed.start()).isBeforeOrEqualTo(d);
                assertThat(parsed.endExclusive()).as(name).isAfter(d);
            }
        }
    }

    @Test
    void sortsNamesOfOneClassInTimeOrder() {
        for (RetentionClass c : RetentionClass.values()) {
            List<String> names = new ArrayList<>();
            for (LocalDate d = LocalDate.of(2019, 1, 1); d.isBefore(LocalDate.of(2031, 1, 1)); d = d.plusDays(1)) {
                String n = layout.eventIndex(c, d.atStartOfDay().toInstant(ZoneOffset.UTC));
                if (names.isEmpty() || !names.getLast().equals(n)) {
                    names.add(n);
                }
            }
            assertThat(names).doesNotHaveDuplicates().isSorted();
        }
    }

    @Test
    void staysWellUnderTheSingleNodeShardLimitForAYear() {
        Set<String> indices = new HashSet<>();
        for (LocalDate d = LocalDate.of(2026, 1, 1); d.isBefore(LocalDate.of(2027, 1, 1)); d = d.plusDays(1)) {
            Instant t = d.atStartOfDay().toInstant(ZoneOffset.UTC);
            for (RetentionClass c : RetentionClass.values()) {
                indices.add(layout.eventIndex(c, t));
            }
            indices.add(layout.alertIndex(t));
            indices.add(layout.auditIndex(t));
        }

        assertThat(indices.size()).as("one primary shard each").isLessThanOrEqualTo(300).isEqualTo(12 + 53 + 53 + 12 + 1);
    }

    @Test
    void readsIndicesMadeUnderAnotherPeriodOfTheSameClass() {
        assertThat(layout.parseEventIndex("auth0-logs-security-2026w48")).map(EventIndex::period).contains(IndexPeriod.WEEK);
        assertThat(layout.parseEventIndex("auth0-logs-noise-2026.11.27")).map(EventIndex::start).contains(LocalDate.of(2026, 11, 27));
    }

    @ParameterizedTest
    @ValueSource(strings = {"auth0-logs-security-2026w54", "auth0-logs-activity-2025w53", "auth0-logs-security-2026.13", "auth0-logs-security-2026.1",
            "auth0-logs-security-2026.02.30", "auth0-logs-secret-2026.11", "auth0-alerts-2026.11", "other-logs-security-2026.11",
            "auth0-logs-security-2026.11-restored", "auth0-logs-security-"})
    void refusesNamesItDidNotMake(String name) {
        assertThat(layout.parseEventIndex(name)).isEmpty();
    }

    @Test
    void usesConfiguredPeriodsAndPrefix() {
        IndexLayout daily = new IndexLayout("sec.", Map.of(RetentionClass.NOISE, IndexPeriod.DAY));

        assertThat(daily.eventIndex(RetentionClass.NOISE, day("2026-11-27"))).isEqualTo("sec.logs-noise-2026.11.27");
        assertThat(daily.eventIndex(RetentionClass.ACTIVITY, day("2026-11-27"))).isEqualTo("sec.logs-activity-2026w48");
        assertThat(daily.parseEventIndex("auth0-logs-noise-2026.11.27")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Auth0-", "-auth0", "_auth0", ".auth0", "auth0*", "auth 0-", "logs-", "logs-auth0-", "metrics-x-", "traces-", "synthetics-"})
    void refusesPrefixesElasticsearchWouldRefuseOrTurnIntoDataStreams(String prefix) {
        assertThatThrownBy(() -> new IndexLayout(prefix, Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("index prefix must");
    }

    @Test
    void refusesAnOverlongPrefix() {
        assertThat(new IndexLayout("a".repeat(IndexLayout.MAX_PREFIX_LENGTH), Map.of()).prefix()).hasSize(IndexLayout.MAX_PREFIX_LENGTH);
        assertThatThrownBy(() -> new IndexLayout("a".repeat(IndexLayout.MAX_PREFIX_LENGTH + 1), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
