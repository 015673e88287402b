package io.authstream.schemas.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class IndexPeriodTest {

    @ParameterizedTest
    @EnumSource(IndexPeriod.class)
    void parsesTheSuffixOfEveryDayBackToThePeriodThatHoldsIt(IndexPeriod period) {
        for (LocalDate d = LocalDate.of(2018, 12, 25); d.isBefore(LocalDate.of(2033, 1, 8)); d = d.plusDays(1)) {
            IndexPeriod.Parsed p = IndexPeriod.parse(period.suffix(d)).orElseThrow(() -> new AssertionError("unparseable"));

            assertThat(p.period()).isEqualTo(period);
            assertThat(p.start()).as("%s %s", period, d).isEqualTo(period.start(d));
            assertThat(p.endExclusive()).isEqualTo(period.endExclusive(period.start(d))).isAfter(d);
        }
    }

    @Test
    void startsWeeksOnMonday() {
        for (LocalDate d = LocalDate.of(2026, 12, 20); d.isBefore(LocalDate.of(2027, 1, 20)); d = d.plusDays(1)) {
            assertThat(IndexPeriod.WEEK.start(d).getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
            assertThat(IndexPeriod.WEEK.endExclusive(IndexPeriod.WEEK.start(d))).isEqualTo(IndexPeriod.WEEK.start(d).plusDays(7));
        }
    }

    @ParameterizedTest
    @CsvSource({
            "2026-12-31, 2026w53, 2026-12-28",
            "2027-01-01, 2026w53, 2026-12-28",
            "2027-01-04, 2027w01, 2027-01-04",
            "2024-12-30, 2025w01, 2024-12-30",
            "2021-01-01, 2020w53, 2020-12-28",
            "2022-01-02, 2021w52, 2021-12-27"})
    void namesWeeksByTheirIsoWeekBasedYear(String day, String suffix, String monday) {
        assertThat(IndexPeriod.WEEK.suffix(LocalDate.parse(day))).isEqualTo(suffix);
        assertThat(IndexPeriod.parse(suffix)).map(IndexPeriod.Parsed::start).contains(LocalDate.parse(monday));
    }

    @Test
    void namesDaysAndMonthsWithZeroPadding() {
        assertThat(IndexPeriod.DAY.suffix(LocalDate.of(2026, 3, 7))).isEqualTo("2026.03.07");
        assertThat(IndexPeriod.MONTH.suffix(LocalDate.of(2026, 3, 7))).isEqualTo("2026.03");
        assertThat(IndexPeriod.MONTH.endExclusive(LocalDate.of(2026, 12, 1))).isEqualTo(LocalDate.of(2027, 1, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2026", "2026w00", "2026w54", "2025w53", "2026W48", "2026.00", "2026.13", "2026.02.29", "2026.1", "26.11", "2026-11",
            "2026.11.27.1", " 2026.11"})
    void refusesSuffixesItDoesNotMake(String suffix) {
        assertThat(IndexPeriod.parse(suffix)).isEmpty();
    }
}
